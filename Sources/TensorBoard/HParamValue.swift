import SwiftProtobuf

/// A hyperparameter value as the HParams dashboard holds it: a number, a string or a boolean.
public enum HParamValue: Sendable, Hashable, Comparable {
    case number(Double)
    case string(String)
    case bool(Bool)

    /// As a `google.protobuf.Value`.
    var protobuf: Google_Protobuf_Value {
        switch self {
        case .number(let value): return Google_Protobuf_Value(numberValue: value)
        case .string(let value): return Google_Protobuf_Value(stringValue: value)
        case .bool(let value): return Google_Protobuf_Value(boolValue: value)
        }
    }

    /// From a `google.protobuf.Value` (nil for null, list and struct values).
    init?(_ value: Google_Protobuf_Value) {
        switch value.kind {
        case .numberValue(let number): self = .number(number)
        case .stringValue(let string): self = .string(string)
        case .boolValue(let bool): self = .bool(bool)
        default: return nil
        }
    }

    /// The dashboard's type of the value.
    var dataType: TBHParamsDataType {
        switch self {
        case .number: return .float64
        case .string: return .string
        case .bool: return .bool
        }
    }

    /// Numbers before booleans before strings; within a kind, natural order.
    public static func < (lhs: HParamValue, rhs: HParamValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a < b
        case (.bool(let a), .bool(let b)): return !a && b
        case (.string(let a), .string(let b)): return a < b
        default: return lhs.rank < rhs.rank
        }
    }

    private var rank: Int {
        switch self {
        case .number: return 0
        case .bool: return 1
        case .string: return 2
        }
    }
}
