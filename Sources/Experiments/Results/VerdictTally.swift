import Foundation
import Metrics

/// How many claim × dataset cells were tested over all tables, how the verdicts fell, and how many verdicts chance
/// alone would give, for the end of `results/TABLES.md`.
///
/// Chance: if no row differed from any other, a cell's "supports" needs its first comparison's 95% interval above 0
/// (probability ≤ 2.5%, one tail), and its "contradicts" needs one of its k comparisons' `1 − 0.05/k` intervals below
/// 0 (≤ k · 0.025/k = 2.5%, Bonferroni); so at most 2.5% of the tested cells would be marked "supports" and at most
/// 2.5% "contradicts" by chance.
public struct VerdictTally: Sendable, Equatable {
    /// Cells whose verdict is not "untested".
    public let tested: Int
    /// Cells per verdict.
    public let counts: [Verdict: Int]
    /// Tested cells where the paper's own difference (for every comparison with a paper number) lay below the
    /// design's minimum detectable difference somewhere: the design was blind to the paper's effect.
    public let blindToPaper: Int

    /// The tally of these tables.
    public init(tables: [PaperTable]) {
        var counts: [Verdict: Int] = [:]
        var blind = 0
        for table in tables {
            for entry in table.verdicts.claims {
                counts[entry.verdict.verdict, default: 0] += 1
                if entry.verdict.verdict != .untested && entry.power.contains(where: { $0.paperDifferenceDetectable == false }) {
                    blind += 1
                }
            }
        }
        self.counts = counts
        tested = counts.filter { $0.key != .untested }.map(\.value).reduce(0, +)
        blindToPaper = blind
    }

    /// The Markdown section.
    public var markdown: String {
        let chance = Double(tested) * 0.025
        return """
        ## Verdicts over all tables

        \(tested) claim × dataset cells tested (\(counts[.untested, default: 0]) untested): \
        \(counts[.supports, default: 0]) supports, \(counts[.contradicts, default: 0]) contradicts, \
        \(counts[.cannotTell, default: 0]) cannot tell. Were no row different from any other, chance alone would mark \
        at most \(String(format: "%.1f", chance)) of them "supports" and at most \(String(format: "%.1f", chance)) \
        "contradicts" (each ≤ 2.5% per cell: one tail of a 95% interval for supports, Bonferroni within the claim for \
        contradicts). In \(blindToPaper) of the \(tested) cells some comparison's published difference is smaller than \
        this design's minimum detectable difference (80% power): there "cannot tell" says the design was blind to the \
        paper's effect, not that it is absent.

        """
    }
}
