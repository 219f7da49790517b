import Foundation

/// The verdict on one claim for one dataset, with every comparison behind it.
public struct ClaimVerdict: Sendable, Equatable, Codable {
    /// The claim tested.
    public let claim: Claim
    /// The decision.
    public let verdict: Verdict
    /// The asserted (better, worse) comparisons that could be computed, in the claim's order, each with its interval
    /// at `level`.
    public let comparisons: [AUCDifference]
    /// Interval level of each comparison for "supports" (intersection–union: `1 − α`, no correction).
    public let level: Double
    /// Interval level for "contradicts": `1 − α / k` for `k` asserted comparisons (Bonferroni).
    public let contradictionLevel: Double
    /// Why some comparisons could not be computed (missing rows, different test frames).
    public let problems: [String]

    /// Creates a verdict (as decided by `ClaimTest`).
    public init(claim: Claim, verdict: Verdict, comparisons: [AUCDifference], level: Double,
                contradictionLevel: Double, problems: [String]) {
        self.claim = claim
        self.verdict = verdict
        self.comparisons = comparisons
        self.level = level
        self.contradictionLevel = contradictionLevel
        self.problems = problems
    }

    /// One line: the comparisons as "A − B: +1.2 [0.3, 2.0]" (AUC points, interval at `level`), then the problems.
    public var details: String {
        var parts = comparisons.map { "\($0.better) − \($0.worse): \($0.text)" }
        parts += problems
        return parts.joined(separator: "; ")
    }

    /// "95%" or "98.3%": the "supports" interval level as shown.
    public var levelText: String { Self.percentText(level) }

    /// "95%" or "99%": the "contradicts" interval level as shown.
    public var contradictionLevelText: String { Self.percentText(contradictionLevel) }

    private static func percentText(_ level: Double) -> String {
        let percent = level * 100
        return abs(percent - percent.rounded()) < 1e-9 ? String(format: "%.0f%%", percent) : String(format: "%.1f%%", percent)
    }
}
