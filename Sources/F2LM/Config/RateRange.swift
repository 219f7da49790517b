/// A closed range `[lo, hi]` from which a rate is drawn uniformly each iteration; written `[lo, hi]` in YAML.
public struct RateRange: Sendable, Codable, Hashable {
    /// Lower bound.
    public var lo: Double
    /// Upper bound.
    public var hi: Double

    /// Creates `[lo, hi]`.
    public init(lo: Double, hi: Double) {
        self.lo = lo
        self.hi = hi
    }

    /// Decodes a list of exactly two numbers.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        guard container.count == 2 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected a range [lo, hi] of two numbers, found \(container.count ?? 0) items"))
        }
        lo = try container.decode(Double.self)
        hi = try container.decode(Double.self)
    }

    /// Encodes as `[lo, hi]`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(lo)
        try container.encode(hi)
    }
}
