import Metrics

/// The verdicts of one table: each claim of its layout tested on each dataset column, and each row compared with the
/// reference row, from the finished runs' per-video pair counts (`VideoPairsFile`). See `ClaimTest` for the rule.
public struct TableVerdicts: Sendable, Equatable, Codable {
    /// One claim on one dataset.
    public struct Entry: Sendable, Equatable, Codable {
        /// Dataset key.
        public var dataset: String
        /// The verdict and its comparisons.
        public var verdict: ClaimVerdict
    }

    /// Claims in the layout's order, each with its datasets in column order.
    public var claims: [Entry]
    /// Row → dataset → `AUC(row) − AUC(reference)` at 95% (no correction), for rows other than the reference.
    public var referenceDifferences: [String: [String: AUCDifference]]
    /// Resamples behind each interval.
    public var resamples: Int

    /// Tests `layout`'s claims and reference on `records` (status `done` runs whose hash is in `pairs`).
    public init(layout: PaperTableDescription, records: [RunsCSV.Record], pairs: VideoPairsFile,
                test: ClaimTest = ClaimTest()) {
        resamples = test.bootstrap.resamples
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
                claims.append(Entry(dataset: dataset.key, verdict: test.evaluate(claim, rows: runs, allRows: layout.rows)))
            }
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
