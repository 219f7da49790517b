/// The interval of the AUC difference of two rows trained on the same data, paired on seeds and test videos, from
/// the variance components of the crossed seed × video design (analytic: no resampling, no random seed).
///
/// Definition. Rows A and B have runs for seeds `S_A`, `S_B`; the comparison uses the paired seeds `S = S_A ∩ S_B`
/// (n = |S|), and every run must cover the same V test videos with the same labels. The estimate is
/// `Δ = (1/n) Σ_{s ∈ S} [AUC(A, s) − AUC(B, s)]`. Each run's AUC is split into per-video contributions
/// `c_v` (`VideoPairCounts.videoContributions`, mean over videos = the run's AUC), and the paired differences
/// `d_sv = c_v(A, s) − c_v(B, s)` (mean = Δ exactly) are analysed as a crossed seed × video design
/// (`CrossedVarianceComponents`): seed effects (training randomness), video effects (which test videos were
/// drawn) and their interaction each enter `SE(Δ)` once. The interval at level `1 − α` is
/// `Δ ± t_{1−α/2, ν} · SE(Δ)`, the Student t matched to the generalized pivot of the mean squares (at 95% exactly
/// the pivot's interval).
public struct PairedDifferenceInterval: Sendable, Equatable {
    /// The interval rule (it has no parameters).
    public init() {}

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
        let differences = seeds.map { s in zip(a[s]!.videoContributions, b[s]!.videoContributions).map { $0 - $1 } }
        let estimate = seeds.map { a[$0]!.auc - b[$0]!.auc }.reduce(0, +) / Double(seeds.count)
        return AUCDifference(better: better, worse: worse, estimate: estimate, level: level, seeds: seeds,
                             videoCount: reference.videos.count,
                             components: CrossedVarianceComponents(values: differences))
    }
}
