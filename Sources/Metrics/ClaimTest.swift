/// Decides claims from per-seed, per-video AUC breakdowns of a table's rows on one dataset.
///
/// A claim asserts `k` comparisons "A beats B" (`Claim.comparisons`). Each is estimated by `bootstrap`
/// (`PairedBootstrap`: mean over paired seeds of `AUC(A) − AUC(B)`, percentile interval over resampled test videos
/// and seeds) at level `1 − α/k` (Bonferroni, α = 0.05 by default), and
/// - **supports** when every interval lies above 0,
/// - **contradicts** when some interval lies below 0 (the other row wins beyond noise),
/// - **cannot tell** otherwise,
/// - **untested** when a comparison cannot be computed (a row without finished runs) and none contradicts.
/// For "X is best" this means: supported when X beats each other row beyond noise, contradicted when some row beats
/// X beyond noise.
public struct ClaimTest: Sendable {
    /// The resampling behind each interval.
    public var bootstrap: PairedBootstrap
    /// Family-wise error rate of one claim.
    public var alpha: Double

    /// A test with the given bootstrap and α.
    public init(bootstrap: PairedBootstrap = PairedBootstrap(), alpha: Double = 0.05) {
        self.bootstrap = bootstrap
        self.alpha = alpha
    }

    /// Tests `claim` on `rows` (row label → its runs; rows without finished runs may be absent). `allRows` is the
    /// table's row order (used by "is best").
    public func evaluate(_ claim: Claim, rows: [String: SeedRuns], allRows: [String]) -> ClaimVerdict {
        let asserted = claim.comparisons(allRows: allRows)
        let level = 1 - alpha / Double(max(asserted.count, 1))
        var comparisons: [AUCDifference] = []
        var problems: [String] = []
        for (better, worse) in asserted {
            guard let a = rows[better], !a.isEmpty else {
                problems.append("row '\(better)' has no finished run")
                continue
            }
            guard let b = rows[worse], !b.isEmpty else {
                problems.append("row '\(worse)' has no finished run")
                continue
            }
            do {
                comparisons.append(try bootstrap.difference(better: better, a, worse: worse, b, level: level))
            } catch {
                problems.append("\(error)")
            }
        }
        let verdict: Verdict
        if comparisons.contains(where: { $0.direction == .worse }) {
            verdict = .contradicts
        } else if !problems.isEmpty || asserted.isEmpty {
            verdict = .untested
        } else if comparisons.allSatisfy({ $0.direction == .better }) {
            verdict = .supports
        } else {
            verdict = .cannotTell
        }
        return ClaimVerdict(claim: claim, verdict: verdict, comparisons: comparisons, level: level,
                            problems: Array(Set(problems)).sorted())
    }

    /// One comparison at level `1 − alpha` (no correction): used to mark table cells that differ from the reference
    /// row beyond noise. Throws `VerdictError` as `PairedBootstrap.difference` does.
    public func compare(_ row: String, _ a: SeedRuns, with reference: String, _ b: SeedRuns) throws -> AUCDifference {
        try bootstrap.difference(better: row, a, worse: reference, b, level: 1 - alpha)
    }
}
