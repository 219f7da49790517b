import Metrics

/// The claims section of a table's Markdown: one line per claim, dataset and asserted comparison, with the
/// comparison's interval, its minimum detectable difference and what the paper's own difference would need.
enum VerdictMarkdown {
    /// The lines (empty when the table has no claims).
    static func lines(verdicts: TableVerdicts, datasets: [PaperTableDescription.Dataset]) -> [String] {
        guard !verdicts.claims.isEmpty else { return [] }
        var lines = ["", "**Claims, tested on our runs** (Δ = AUC difference in points, mean over paired seeds; "
            + "[interval]: 95% \(verdicts.method); supports: every asserted difference's 95% interval above 0 "
            + "(intersection–union test, no correction needed); contradicts: one interval below 0 at the level "
            + "shown (Bonferroni over the claim's comparisons); cannot tell: otherwise. n = paired seeds × test "
            + "videos. MDD: the difference this design finds with 80% power at 95%. Paper Δ: the published "
            + "difference, and the seeds × test videos a run would need to find it with 80% power (search up to "
            + "\(RequiredDesign.maxSeeds) seeds and \(RequiredDesign.maxVideos) videos):", "",
            "| claim | dataset | verdict | n | comparison | Δ [95% interval] | MDD | paper Δ | needed for paper Δ |",
            "|:--|:--|:--|--:|:--|:--|--:|--:|:--|"]
        let names = Dictionary(datasets.map { ($0.key, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        for entry in verdicts.claims {
            let verdict = entry.verdict
            var verdictText = verdict.verdict == .cannotTell || verdict.verdict == .untested
                ? verdict.verdict.rawValue : "**\(verdict.verdict.rawValue)**"
            if verdict.comparisons.count > 1 { verdictText += " (contradicts needs \(verdict.contradictionLevelText))" }
            let head = [verdict.claim.description, names[entry.dataset] ?? entry.dataset, verdictText]
            if verdict.comparisons.isEmpty {
                let problems = verdict.problems.isEmpty ? "—" : verdict.problems.joined(separator: "; ")
                lines.append(row(head + ["—", problems, "—", "—", "—", "—"]))
                continue
            }
            for (index, difference) in verdict.comparisons.enumerated() {
                let power = index < entry.power.count ? entry.power[index] : nil
                let paper = power?.paperDifference.map { String(format: "%+.1f", $0 * 100) } ?? "—"
                var needed = "—"
                if let power, let delta = power.paperDifference {
                    if delta == 0 {
                        needed = "nothing to detect"
                    } else if power.paperDifferenceDetectable == true {
                        needed = "within reach"
                    } else {
                        needed = RequiredDesign.text(power.required)
                    }
                }
                let fields = (index == 0 ? head : ["", "", ""]) + [
                    "\(difference.seeds.count) × \(difference.videoCount)",
                    "\(difference.better) − \(difference.worse)", difference.text,
                    difference.minimumDetectableText, paper, needed]
                lines.append(row(fields))
            }
            if !verdict.problems.isEmpty {
                lines.append(row(["", "", "", "", verdict.problems.joined(separator: "; "), "", "", "", ""]))
            }
        }
        return lines
    }

    private static func row(_ fields: [String]) -> String {
        "| " + fields.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }
}
