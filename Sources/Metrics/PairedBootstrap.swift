/// The runs of one table row on one dataset: per training seed, the AUC broken down by test-video pairs.
public typealias SeedRuns = [Int: VideoPairCounts]

/// A paired bootstrap over test videos (and seeds) for the AUC difference of two rows trained on the same data.
///
/// Definition. Rows A and B each have runs for seeds `S_A`, `S_B`; the comparison uses the paired seeds
/// `S = S_A ∩ S_B` (n = |S|), and every run must cover the same test videos with the same labels. The estimate is
/// `Δ = (1/n) Σ_{s ∈ S} [AUC(A, s) − AUC(B, s)]` on all V test videos. Each of `resamples` bootstrap draws takes
/// V videos with replacement (multiplicities `m`, the same draw for both rows and every seed) and, when
/// `resampleSeeds` is on (the default), n seeds of S with replacement (the same for both rows, so seeds stay
/// paired); then `Δ* = (1/n) Σ_j [AUC_m(A, s_j) − AUC_m(B, s_j)]`, with `AUC_m` the exact pooled AUC of the
/// resampled frames (`VideoPairCounts.auc(multiplicities:)`). A draw whose videos hold no anomalous or no normal
/// frame is discarded and drawn again. The interval at level `1 − α` is the `α/2` and `1 − α/2` quantiles of the
/// `Δ*` (linear interpolation between order statistics, NumPy's default). The draws come from SplitMix64 seeded
/// with `seed`, restarted for every comparison, so results are reproducible and every comparison with the same
/// video and seed counts sees the same resamples.
///
/// Resampling seeds too makes the interval reflect training randomness (GAN training diverges between seeds), not
/// only which test videos were drawn; with one seed it covers the test videos only.
public struct PairedBootstrap: Sendable, Equatable {
    /// Number of bootstrap draws.
    public var resamples: Int
    /// Seed of the draws.
    public var seed: UInt64
    /// Whether seeds are resampled along with videos.
    public var resampleSeeds: Bool

    /// A bootstrap with `resamples` draws (default 2,000) from `seed` (default 2024).
    public init(resamples: Int = 2000, seed: UInt64 = 2024, resampleSeeds: Bool = true) {
        precondition(resamples >= 10, "a bootstrap needs at least 10 resamples")
        self.resamples = resamples
        self.seed = seed
        self.resampleSeeds = resampleSeeds
    }

    /// `better − worse` with its `level` interval. Throws `VerdictError` when the rows share no seed or their runs
    /// cover different test frames.
    public func difference(better: String, _ a: SeedRuns, worse: String, _ b: SeedRuns,
                           level: Double = 0.95) throws -> AUCDifference {
        precondition(level > 0 && level < 1, "level in (0, 1)")
        let seeds = Set(a.keys).intersection(b.keys).sorted()
        guard let first = seeds.first else {
            throw VerdictError("rows '\(better)' and '\(worse)' have no finished seed in common "
                + "('\(better)': \(a.keys.sorted()), '\(worse)': \(b.keys.sorted()))")
        }
        let reference = a[first]!
        for s in seeds {
            for (row, runs) in [(better, a), (worse, b)] where !runs[s]!.hasSameFrames(as: reference) {
                throw VerdictError("row '\(row)' seed \(s) was scored on other test frames than row '\(better)' "
                    + "seed \(first): rows can only be compared on the same test videos")
            }
        }
        let pairsA = seeds.map { a[$0]! }
        let pairsB = seeds.map { b[$0]! }
        let estimate = zip(pairsA, pairsB).map { $0.auc - $1.auc }.reduce(0, +) / Double(seeds.count)
        let videoCount = reference.videos.count
        var generator = SplitMix64(seed: seed)
        var draws: [Double] = []
        draws.reserveCapacity(resamples)
        var attempts = 0
        while draws.count < resamples {
            attempts += 1
            if attempts > resamples * 100 {
                throw VerdictError("rows '\(better)' and '\(worse)': almost every resample of the \(videoCount) test "
                    + "videos lacks anomalous or normal frames")
            }
            var m = [Int](repeating: 0, count: videoCount)
            for _ in 0..<videoCount { m[Int(generator.next() % UInt64(videoCount))] += 1 }
            var chosen = Array(0..<seeds.count)
            if resampleSeeds {
                chosen = (0..<seeds.count).map { _ in Int(generator.next() % UInt64(seeds.count)) }
            }
            var sum = 0.0
            var valid = true
            for k in chosen {
                guard let x = pairsA[k].auc(multiplicities: m), let y = pairsB[k].auc(multiplicities: m) else {
                    valid = false
                    break
                }
                sum += x - y
            }
            if valid { draws.append(sum / Double(chosen.count)) }
        }
        draws.sort()
        let alpha = 1 - level
        return AUCDifference(better: better, worse: worse, estimate: estimate,
                             lower: Self.quantile(draws, alpha / 2), upper: Self.quantile(draws, 1 - alpha / 2),
                             level: level, seeds: seeds, videoCount: videoCount, resamples: resamples)
    }

    /// The `q` quantile of sorted values, linear between order statistics: position `q (n − 1)`.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }
}
