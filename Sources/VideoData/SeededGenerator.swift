import Foundation

/// A small deterministic random number generator (SplitMix64), so that synthetic data, shuffling and noise
/// are reproducible for a seed on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// Creates a generator from a seed mixed with a list of stream identifiers (e.g. split and video index),
    /// so that each stream is independent and reproducible on its own.
    public init(seed: UInt64, stream: [UInt64]) {
        var s = seed
        for v in stream { s = SeededGenerator.mix(s ^ (v &* 0xD1B5_4A32_D192_ED03)) }
        self.init(seed: s)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededGenerator.mix(state)
    }

    /// A uniform Double in [lower, upper).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal sample (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(1e-12, uniform(0, 1)), u2 = uniform(0, 1)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { uniform(0, 1) < p }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

