import Foundation

/// The AUC difference between two table rows on one dataset, `better − worse` (fractions, not %), with a bootstrap
/// percentile interval (see `PairedBootstrap` for the exact definition).
public struct AUCDifference: Sendable, Equatable, Codable {
    /// Where the interval lies relative to zero.
    public enum Direction: String, Sendable, Codable {
        /// The whole interval is above 0: `better` beats `worse` beyond noise.
        case better
        /// The whole interval is below 0: `worse` beats `better` beyond noise.
        case worse
        /// The interval contains 0.
        case unclear
    }

    /// The row claimed (or tested) to be better.
    public let better: String
    /// The row it is compared with.
    public let worse: String
    /// Mean over the paired seeds of `AUC(better, s) − AUC(worse, s)` on all test videos.
    public let estimate: Double
    /// Lower end of the percentile interval.
    public let lower: Double
    /// Upper end of the percentile interval.
    public let upper: Double
    /// Two-sided coverage of the interval, e.g. 0.95.
    public let level: Double
    /// The seeds both rows finished (paired), ascending.
    public let seeds: [Int]
    /// Test videos resampled.
    public let videoCount: Int
    /// Bootstrap resamples behind the interval.
    public let resamples: Int

    /// Creates a difference (as computed by `PairedBootstrap`).
    public init(better: String, worse: String, estimate: Double, lower: Double, upper: Double, level: Double,
                seeds: [Int], videoCount: Int, resamples: Int) {
        self.better = better
        self.worse = worse
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.level = level
        self.seeds = seeds
        self.videoCount = videoCount
        self.resamples = resamples
    }

    /// `better` when `lower > 0`, `worse` when `upper < 0`, else `unclear`.
    public var direction: Direction {
        if lower > 0 { return .better }
        if upper < 0 { return .worse }
        return .unclear
    }

    /// "+6.7 [3.1, 9.8]" in AUC points (%), one decimal.
    public var text: String {
        func points(_ value: Double) -> String { String(format: "%+.1f", value * 100) }
        return "\(points(estimate)) [\(points(lower)), \(points(upper))]"
    }
}
