/// A parameter value in canonical form, for identity hashing and for listing what differs between runs.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    /// An integer.
    case int(Int)
    /// A real number.
    case number(Double)
    /// A boolean.
    case bool(Bool)
    /// A string (enum raw values included).
    case string(String)
    /// A list of values.
    case list([ParameterValue])
    /// No value (an optional that is not set).
    case null

    /// The canonical text: numbers with an integral value print as integers (`4`, `4.0` and `4e0` all give
    /// `4`), other reals in Swift's shortest round-trip form (`0.0001`), strings quoted, lists as `[a,b]`.
    public var canonical: String {
        switch self {
        case .int(let value): return String(value)
        case .number(let value):
            // Integral check by conversion (no libm call: the F2LM module links no math library by itself).
            if value > -1e15 && value < 1e15 && Double(Int(value)) == value { return String(Int(value)) }
            return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .string(let value):
            var escaped = ""
            for character in value {
                if character == "\\" || character == "\"" { escaped.append("\\") }
                escaped.append(character)
            }
            return "\"" + escaped + "\""
        case .list(let values): return "[" + values.map(\.canonical).joined(separator: ",") + "]"
        case .null: return "null"
        }
    }

    /// Human-readable text: like `canonical` but strings unquoted and lists with spaces.
    public var description: String {
        switch self {
        case .string(let value): return value
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        default: return canonical
        }
    }
}

/// One parameter of a `RunConfig`: its dotted YAML key, the stage that reads it, and its value.
public struct ConfigParameter: Sendable, Hashable {
    /// Dotted key as written in YAML (`destroyer.lambda`).
    public var key: String
    /// The stage that reads it.
    public var stage: PipelineStage
    /// Its value.
    public var value: ParameterValue
    /// False for paths and labels, which are left out of run identity (`data.root`).
    public var isIdentity: Bool

    /// Creates a parameter.
    public init(key: String, stage: PipelineStage, value: ParameterValue, isIdentity: Bool = true) {
        self.key = key
        self.stage = stage
        self.value = value
        self.isIdentity = isIdentity
    }
}
