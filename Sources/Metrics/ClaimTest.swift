/// Decides claims from per-seed, per-video AUC breakdowns of a table's rows on one dataset.
///
/// A claim asserts `k` comparisons "A beats B" (`Claim.comparisons`). Each is estimated by
/// `PairedDifferenceInterval` (mean over paired seeds of `AUC(A) − AUC(B)`, t interval from the variance components
/// of the seed × video design), and the claim
/// - **supports** when every comparison's interval at level `1 − α` lies above 0 (an intersection–union test: the
///   claim holds only if every comparison holds, so each is tested at the full level and the claim's false-support
///   rate stays ≤ α without a multiplicity correction),
/// - **contradicts** when some comparison's interval at level `1 − α/k` lies below 0 (Bonferroni: any one of k
///   comparisons may turn the claim over, so the family-wise rate is split),
/// - **cannot tell** otherwise,
/// - **untested** when a comparison cannot be computed (a row without finished runs) and none contradicts.
/// α = 0.05 by default. For "X is best": supported when X beats each other row beyond noise, contradicted when some
/// row beats X beyond noise.
public struct ClaimTest: Sendable {
    /// The interval behind each comparison.
    public var interval: PairedDifferenceInterval
    /// Error rate of one claim's "supports" (and, family-wise, of its "contradicts").
    public var alpha: Double

    /// A test at `alpha`.
    public init(interval: PairedDifferenceInterval = PairedDifferenceInterval(), alpha: Double = 0.05) {
        self.interval = interval
        self.alpha = alpha
    }

    /// Tests `claim` on `rows` (row label → its runs; rows without finished runs may be absent). `allRows` is the
    /// table's row order (used by "is best").
    public func evaluate(_ claim: Claim, rows: [String: SeedRuns], allRows: [String]) -> ClaimVerdict {
        let asserted = claim.comparisons(allRows: allRows)
        let level = 1 - alpha
        let contradictionLevel = 1 - alpha / Double(max(asserted.count, 1))
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
                comparisons.append(try interval.difference(better: better, a, worse: worse, b, level: level))
            } catch {
                problems.append("\(error)")
            }
        }
        let verdict: Verdict
        if comparisons.contains(where: { $0.direction(level: contradictionLevel) == .worse }) {
            verdict = .contradicts
        } else if !problems.isEmpty || asserted.isEmpty {
            verdict = .untested
        } else if comparisons.allSatisfy({ $0.direction == .better }) {
            verdict = .supports
        } else {
            verdict = .cannotTell
        }
        return ClaimVerdict(claim: claim, verdict: verdict, comparisons: comparisons, level: level,
                            contradictionLevel: contradictionLevel, problems: Array(Set(problems)).sorted())
    }

    /// One comparison at level `1 − alpha` (no correction): used to mark table cells that differ from the reference
    /// row beyond noise. Throws `VerdictError` as `PairedDifferenceInterval.difference` does.
    public func compare(_ row: String, _ a: SeedRuns, with reference: String, _ b: SeedRuns) throws -> AUCDifference {
        try interval.difference(better: row, a, worse: reference, b, level: 1 - alpha)
    }
}
