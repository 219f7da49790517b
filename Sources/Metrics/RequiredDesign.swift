/// The seeds and test videos a new run needs so that a true AUC difference `Δ` is found beyond noise (the interval
/// at `level` excludes 0) with probability `power`, from the variance components of a finished run.
///
/// With components σ²_seed, σ²_video, σ²_inter (`CrossedVarianceComponents`), a design of n′ seeds and V′ videos has
/// `SE = √(σ²_seed/n′ + σ²_video/V′ + σ²_inter/(n′V′))` and Satterthwaite ν from the expected mean squares; it
/// resolves Δ when `(t_{1−α/2, ν} + t_{power, ν}) · SE ≤ |Δ|`. The search takes the video counts
/// `V, 16, 32, 64, …` up to `maxVideos` (never fewer than the run had: its test set is the smallest one known) and,
/// for the first that can, the fewest seeds from 2 to `maxSeeds`. Past both limits the difference is out of reach.
public struct RequiredDesign: Sendable, Equatable, Codable {
    /// Seeds needed.
    public let seeds: Int
    /// Test videos needed.
    public let videos: Int

    /// Most seeds the search considers (training costs a full run per seed and row).
    public static let maxSeeds = 30
    /// Most test videos the search considers.
    public static let maxVideos = 256

    /// A design of `seeds` seeds and `videos` test videos.
    public init(seeds: Int, videos: Int) {
        self.seeds = seeds
        self.videos = videos
    }

    /// The smallest design for `difference` (AUC fraction), or nil when out of reach.
    public init?(resolving difference: Double, components: CrossedVarianceComponents, level: Double = 0.95,
                 power: Double = 0.8, maxSeeds: Int = RequiredDesign.maxSeeds,
                 maxVideos: Int = RequiredDesign.maxVideos) {
        self.init(resolving: difference, every: [components], level: level, power: power, maxSeeds: maxSeeds,
                  maxVideos: maxVideos)
    }

    /// The smallest design that resolves `difference` in every one of several comparisons (each with its own
    /// components), or nil when out of reach.
    public init?(resolving difference: Double, every components: [CrossedVarianceComponents], level: Double = 0.95,
                 power: Double = 0.8, maxSeeds: Int = RequiredDesign.maxSeeds,
                 maxVideos: Int = RequiredDesign.maxVideos) {
        let target = abs(difference)
        guard target > 0, !components.isEmpty else { return nil }
        let current = max(components.map(\.videos).max()!, 2)
        var videoCounts = [current]
        var next = 16
        while next <= maxVideos {
            if next > current { videoCounts.append(next) }
            next *= 2
        }
        for v in videoCounts {
            for n in 2...max(maxSeeds, 2) {
                let resolves = components.allSatisfy { component in
                    let projected = component.projected(seeds: n, videos: v)
                    return AUCDifference.minimumDetectable(standardError: projected.standardError,
                                                           degreesOfFreedom: projected.degreesOfFreedom,
                                                           level: level, power: power) <= target
                }
                if resolves {
                    self.init(seeds: n, videos: v)
                    return
                }
            }
        }
        return nil
    }

    /// "5 seeds × 16 videos".
    public var text: String { "\(seeds) seed\(seeds == 1 ? "" : "s") × \(videos) videos" }

    /// The text of a search result: the design, or "out of reach (> 30 seeds × 256 videos)".
    public static func text(_ design: RequiredDesign?) -> String {
        design?.text ?? "out of reach (> \(maxSeeds) seeds × \(maxVideos) videos)"
    }
}
