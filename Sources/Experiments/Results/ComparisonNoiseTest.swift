import Foundation
import Metrics

/// Whether the AUC of side B differs from side A's beyond noise, for one aligned entry of `f2lm compare`.
///
/// - With per-video pair counts for every paired run on both sides (`video_pairs.json` beside each runs.csv): the
///   t interval of `PairedDifferenceInterval` (seeds paired by seed, variance components of the seed × video design,
///   95%), as the table verdicts use, with its minimum detectable difference.
/// - Otherwise, with at least two paired seeds: the paired t interval of the per-seed AUC differences
///   (`PairedTTest`, seeds the only noise).
/// - Otherwise no test (one run on each side and no per-video data).
public struct ComparisonNoiseTest: Sendable, Equatable {
    /// Which test decided.
    public enum Method: String, Sendable {
        /// t interval from the seed × video variance components.
        case varianceComponents = "seed × video t"
        /// Paired t interval over seeds.
        case pairedT = "paired t over seeds"
        /// Not enough data.
        case none
    }

    /// The test used.
    public let method: Method
    /// B − A (AUC fraction), mean over paired seeds.
    public let estimate: Double?
    /// Lower end of the 95% interval.
    public let lower: Double?
    /// Upper end of the 95% interval.
    public let upper: Double?
    /// Paired seeds behind the test.
    public let seeds: Int
    /// Why no test was possible, when `method == .none`.
    public let reason: String?
    /// The full difference (variance components, minimum detectable difference) when `method == .varianceComponents`.
    public let difference: AUCDifference?

    /// Tests B − A for two sides of an entry.
    public init(a: ResultsComparison.Side, b: ResultsComparison.Side, pairsA: VideoPairsFile, pairsB: VideoPairsFile) {
        let seeds = Set(a.seedAUCs.keys).intersection(b.seedAUCs.keys).sorted()
        self.seeds = seeds.count
        var runsA: SeedRuns = [:]
        var runsB: SeedRuns = [:]
        for seed in seeds {
            if let hash = a.finishedRuns[seed], let counts = pairsA.runs[hash] { runsA[seed] = counts }
            if let hash = b.finishedRuns[seed], let counts = pairsB.runs[hash] { runsB[seed] = counts }
        }
        if !seeds.isEmpty, runsA.count == seeds.count, runsB.count == seeds.count,
           let difference = try? PairedDifferenceInterval().difference(better: "B", runsB, worse: "A", runsA, level: 0.95) {
            method = .varianceComponents
            self.difference = difference
            estimate = difference.estimate
            lower = difference.lower
            upper = difference.upper
            reason = nil
        } else if let test = PairedTTest(differences: seeds.map { b.seedAUCs[$0]! - a.seedAUCs[$0]! }) {
            method = .pairedT
            difference = nil
            estimate = test.mean
            lower = test.lower
            upper = test.upper
            reason = nil
        } else {
            method = .none
            difference = nil
            estimate = nil
            lower = nil
            upper = nil
            reason = seeds.isEmpty ? "no finished seed on both sides" : "one seed and no per-video data"
        }
    }

    /// True when the interval excludes 0; nil without a test.
    public var isBeyondNoise: Bool? {
        guard let lower, let upper else { return nil }
        return lower > 0 || upper < 0
    }

    /// "yes +1.2 [0.3, 2.1] MDD ±0.9 (seed × video t, 3 seeds × 8 videos)", "no …", or "no test (reason)"; AUC points.
    public var text: String {
        guard let estimate, let lower, let upper, let beyond = isBeyondNoise else { return "no test (\(reason ?? ""))" }
        func points(_ value: Double) -> String { String(format: "%+.1f", value * 100) }
        let seedText = "\(seeds) seed\(seeds == 1 ? "" : "s")"
        if let difference {
            return "\(beyond ? "yes" : "no") \(points(estimate)) [\(points(lower)), \(points(upper))] MDD "
                + "\(difference.minimumDetectableText) (\(method.rawValue), \(seedText) × \(difference.videoCount) videos)"
        }
        return "\(beyond ? "yes" : "no") \(points(estimate)) [\(points(lower)), \(points(upper))] (paired t, \(seedText))"
    }

    /// The line `f2lm compare` prints about the test.
    public static let legend = "AUC Δ beyond noise?: 95% interval of B − A in points excludes 0; seed × video t = from the "
        + "variance components of seeds, test videos and their interaction (video_pairs.json beside both files), with "
        + "MDD = the difference found with 80% power; paired t = over per-seed AUCs only (no per-video data: weaker, "
        + "seeds the only noise)"
}
