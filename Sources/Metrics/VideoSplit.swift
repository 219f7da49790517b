/// A deterministic split of the test videos into a validation part (where γ is chosen) and a held-out part
/// (where results are reported).
public enum VideoSplit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Videos sorted in natural order (`video2` before `video10`); positions 0, 2, 4, … are validation and
    /// 1, 3, 5, … held out.
    case alternate
    /// Videos sorted in natural order, shuffled by Fisher–Yates with a SplitMix64 generator seeded with `seed`;
    /// the first ⌈n/2⌉ are validation, the rest held out.
    case seededHalf(seed: UInt64)

    /// Parses `alternate` or `half:SEED` (SEED a non-negative integer).
    public init(parsing text: String) throws {
        let lowered = text.lowercased()
        if lowered == "alternate" {
            self = .alternate
        } else if lowered.hasPrefix("half:"), let seed = UInt64(lowered.dropFirst(5)) {
            self = .seededHalf(seed: seed)
        } else {
            throw MetricsError.invalidOption("video split '\(text)' is not 'alternate' or 'half:SEED'")
        }
    }

    /// The form `init(parsing:)` reads.
    public var description: String {
        switch self {
        case .alternate: return "alternate"
        case let .seededHalf(seed): return "half:\(seed)"
        }
    }

    /// Splits `videos` (any order, duplicates ignored) into validation and held-out ids, each in natural order.
    /// Throws `MetricsError.invalidSearch` for fewer than two videos.
    public func partition(_ videos: [String]) throws -> (validation: [String], heldOut: [String]) {
        let sorted = VideoOrder.sorted(Array(Set(videos)))
        guard sorted.count >= 2 else {
            throw MetricsError.invalidSearch(
                "splitting into validation and held-out videos needs at least two test videos, found \(sorted.count)")
        }
        var validation: [String] = []
        var heldOut: [String] = []
        switch self {
        case .alternate:
            for (position, video) in sorted.enumerated() {
                if position % 2 == 0 { validation.append(video) } else { heldOut.append(video) }
            }
        case let .seededHalf(seed):
            var shuffled = sorted
            var generator = SplitMix64(seed: seed)
            if shuffled.count > 1 {
                for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
                    let j = Int(generator.next() % UInt64(i + 1))
                    shuffled.swapAt(i, j)
                }
            }
            let validationCount = (shuffled.count + 1) / 2
            let chosen = Set(shuffled.prefix(validationCount))
            validation = sorted.filter { chosen.contains($0) }
            heldOut = sorted.filter { !chosen.contains($0) }
        }
        return (validation, heldOut)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fully specified generator so that splits are the same on
/// every platform and Swift version.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
