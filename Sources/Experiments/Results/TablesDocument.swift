import Foundation

/// Where and how the tables were produced, stated at the top of `results/TABLES.md` and kept in
/// `results/TABLES.json` so `f2lm tables` can re-render the same document.
public struct TablesProvenance: Codable, Sendable, Equatable {
    /// Scale name, e.g. "default" or "smoke".
    public var scale: String
    /// Date of the run, e.g. "2026-11-25".
    public var date: String
    /// Git commit of the code that produced the results.
    public var commit: String

    /// Creates provenance.
    public init(scale: String, date: String, commit: String) {
        self.scale = scale
        self.date = date
        self.commit = commit
    }
}

/// `results/TABLES.md`: every table in the paper's order, with the scale, datasets, date and commit.
public enum TablesDocument {
    /// Spec names in the paper's order; other specs follow alphabetically.
    public static let paperOrder = ["table4_fusion", "table5_alpha", "table6_noise", "table7_patch", "table8_lambda",
                                    "table9_zp", "encoders", "destroyer_generality"]

    /// Sorts spec names: paper order first, then the others alphabetically.
    public static func ordered(_ specs: [String]) -> [String] {
        let known = paperOrder.filter { specs.contains($0) }
        let unknown = Set(specs).subtracting(paperOrder).sorted()
        return known + unknown
    }

    /// The document for these tables (in any order; sorted here).
    public static func render(tables: [PaperTable], provenance: TablesProvenance) -> String {
        let bySpec = Dictionary(tables.map { ($0.layout.spec, $0) }, uniquingKeysWith: { first, _ in first })
        let order = ordered(Array(bySpec.keys))
        var datasets: [String] = []
        for spec in order {
            let table = bySpec[spec]!
            for dataset in table.layout.datasets where table.records.contains(where: { $0.dataset == dataset.key }) {
                if !datasets.contains(dataset.displayName) { datasets.append(dataset.displayName) }
            }
        }
        var text = "# Results: F2LM + Destroyer ablation\n\n"
        text += "Scale: \(provenance.scale) · datasets: \(datasets.isEmpty ? "none" : datasets.joined(separator: ", "))"
            + " · date: \(provenance.date) · commit: \(provenance.commit)\n"
        for spec in order {
            text += "\n" + bySpec[spec]!.markdown()
        }
        if tables.contains(where: { !$0.verdicts.claims.isEmpty }) {
            text += "\n" + VerdictTally(tables: tables).markdown
        }
        return text
    }
}
