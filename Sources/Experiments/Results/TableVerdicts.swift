import Metrics

/// The verdicts of one table: each claim of its layout tested on each dataset column, and each row compared with the
/// reference row, from the finished runs' per-video pair counts (`VideoPairsFile`). See `ClaimTest` for the rule;
/// every comparison carries its power (`ComparisonPower`) against the paper's own difference.
public struct TableVerdicts: Sendable, Equatable, Codable {
    /// One claim on one dataset.
    public struct Entry: Sendable, Equatable, Codable {
        /// Dataset key.
        public var dataset: String
        /// The verdict and its comparisons.
        public var verdict: ClaimVerdict
        /// Per comparison (same order as `verdict.comparisons`): what the design could see.
        public var power: [ComparisonPower]

        /// An entry (as `TableVerdicts` builds them).
        public init(dataset: String, verdict: ClaimVerdict, power: [ComparisonPower]) {
            self.dataset = dataset
            self.verdict = verdict
            self.power = power
        }
    }

    /// Claims in the layout's order, each with its datasets in column order.
    public var claims: [Entry]
    /// Row → dataset → `AUC(row) − AUC(reference)` at 95% (no correction), for rows other than the reference.
    public var referenceDifferences: [String: [String: AUCDifference]]
    /// How each interval was computed (shown in the notes).
    public var method: String

    /// The method text of `PairedDifferenceInterval`.
    public static let methodText = "interval from the variance components of the paired seed × video design "
        + "(generalized pivot of the mean squares, no factor pooled)"

    /// Tests `layout`'s claims and reference on `records` (status `done` runs whose hash is in `pairs`).
    public init(layout: PaperTableDescription, records: [RunsCSV.Record], pairs: VideoPairsFile,
                test: ClaimTest = ClaimTest()) {
        method = Self.methodText
        claims = []
        referenceDifferences = [:]
        for dataset in layout.datasets {
            let runs = Self.seedRuns(records.filter { $0.spec == layout.spec && $0.dataset == dataset.key }, pairs: pairs)
            if let reference = layout.reference, let referenceRuns = runs[reference] {
                for row in layout.rows where row != reference {
                    guard let rowRuns = runs[row],
                          let difference = try? test.compare(row, rowRuns, with: reference, referenceRuns) else { continue }
                    referenceDifferences[row, default: [:]][dataset.key] = difference
                }
            }
        }
        for claim in layout.claims ?? [] {
            for dataset in layout.datasets {
                let runs = Self.seedRuns(records.filter { $0.spec == layout.spec && $0.dataset == dataset.key }, pairs: pairs)
                let verdict = test.evaluate(claim, rows: runs, allRows: layout.rows)
                let power = verdict.comparisons.map { difference in
                    ComparisonPower(difference,
                                    paperBetter: layout.paper[difference.better]?[dataset.key]?.value(.auc),
                                    paperWorse: layout.paper[difference.worse]?[dataset.key]?.value(.auc))
                }
                claims.append(Entry(dataset: dataset.key, verdict: verdict, power: power))
            }
        }
    }

    private enum CodingKeys: String, CodingKey { case claims, referenceDifferences, method }

    /// Decodes verdicts; verdicts written by an older version (another interval, no power) decode as empty, since
    /// they are output only and recomputed on every render.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let method = try? container.decode(String.self, forKey: .method),
           let claims = try? container.decode([Entry].self, forKey: .claims),
           let differences = try? container.decode([String: [String: AUCDifference]].self, forKey: .referenceDifferences) {
            self.method = method
            self.claims = claims
            referenceDifferences = differences
        } else {
            method = ""
            claims = []
            referenceDifferences = [:]
        }
    }

    /// Row → seed → pair counts of the finished runs that have them.
    static func seedRuns(_ records: [RunsCSV.Record], pairs: VideoPairsFile) -> [String: SeedRuns] {
        var result: [String: SeedRuns] = [:]
        for record in records where record.status == .done {
            guard let counts = pairs.runs[record.runHash] else { continue }
            result[record.row, default: [:]][record.seed] = counts
        }
        return result
    }
}
