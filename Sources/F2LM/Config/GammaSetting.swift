import Metrics

/// The four test-time weights γ of the anomaly score
/// `Scaled = γ1 SL_tri^l + γ2 SL_tri^m + γ3 SL_MSE^G + γ4 SL_MSE^D`.
public struct GammaWeights: Sendable, Codable, Hashable {
    /// γ1, label triplet weight.
    public var label: Double
    /// γ2, motion triplet weight.
    public var motion: Double
    /// γ3, generator MSE weight.
    public var generator: Double
    /// γ4, Destroyer MSE weight.
    public var destroyer: Double

    /// Creates weights (γ1, γ2, γ3, γ4).
    public init(label: Double, motion: Double, generator: Double, destroyer: Double) {
        self.label = label
        self.motion = motion
        self.generator = generator
        self.destroyer = destroyer
    }

    /// `[γ1, γ2, γ3, γ4]`.
    public var values: [Double] { [label, motion, generator, destroyer] }

    /// The same weights as the score combination takes them.
    public var scoreWeights: ScoreWeights {
        ScoreWeights(labelTriplet: label, motionTriplet: motion, generatorMSE: generator, destroyerMSE: destroyer)
    }
}

/// `score.gamma`: four fixed weights, or `search` for the authors' grid (γ1 + γ2 + γ3 = 5, γ4 ∈ {0.25, 0.5, 0.75,
/// 1}) searched on held-out videos only (`GammaSearch`, alternate test videos), never on the videos reported.
public enum GammaSetting: Sendable, Hashable, Codable {
    /// Fixed weights, written `[γ1, γ2, γ3, γ4]`.
    case fixed(GammaWeights)
    /// Grid search on held-out videos, written `search`.
    case search

    /// Decodes `[γ1, γ2, γ3, γ4]` (exactly four numbers) or the string `search`.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            guard text == "search" else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected four numbers [γ1, γ2, γ3, γ4] or 'search', found '\(text)'"))
            }
            self = .search
            return
        }
        guard var list = try? decoder.unkeyedContainer(), list.count == 4 else {
            let count = (try? decoder.unkeyedContainer())?.count
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected four numbers [γ1, γ2, γ3, γ4] or 'search'"
                    + (count.map { ", found \($0) items" } ?? "")))
        }
        self = .fixed(GammaWeights(label: try list.decode(Double.self), motion: try list.decode(Double.self),
                                   generator: try list.decode(Double.self), destroyer: try list.decode(Double.self)))
    }

    /// Encodes as a list of four numbers or the string `search`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .search:
            var container = encoder.singleValueContainer()
            try container.encode("search")
        case .fixed(let weights):
            var container = encoder.unkeyedContainer()
            for value in weights.values { try container.encode(value) }
        }
    }
}
