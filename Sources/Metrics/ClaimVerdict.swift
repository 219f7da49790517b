import Foundation

/// The verdict on one claim for one dataset, with every comparison behind it.
public struct ClaimVerdict: Sendable, Equatable, Codable {
    /// The claim tested.
    public let claim: Claim
    /// The decision.
    public let verdict: Verdict
    /// The asserted (better, worse) comparisons that could be computed, in the claim's order.
    public let comparisons: [AUCDifference]
    /// Interval level used for every comparison: `1 − 0.05 / k` for `k` asserted comparisons (Bonferroni).
    public let level: Double
    /// Why some comparisons could not be computed (missing rows, different test frames).
    public let problems: [String]

    /// Creates a verdict (as decided by `ClaimTest`).
    public init(claim: Claim, verdict: Verdict, comparisons: [AUCDifference], level: Double, problems: [String]) {
        self.claim = claim
        self.verdict = verdict
        self.comparisons = comparisons
        self.level = level
        self.problems = problems
    }

    /// One line: the comparisons as "A − B: +1.2 [0.3, 2.0]" (AUC points), then the problems.
    public var details: String {
        var parts = comparisons.map { "\($0.better) − \($0.worse): \($0.text)" }
        parts += problems
        return parts.joined(separator: "; ")
    }

    /// "95%" or "98.3%": the interval level as shown.
    public var levelText: String {
        let percent = level * 100
        return percent == percent.rounded() ? String(format: "%.0f%%", percent) : String(format: "%.1f%%", percent)
    }
}
