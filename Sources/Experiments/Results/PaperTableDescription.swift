import Foundation
import JobRunner
import Metrics

/// How one paper table is laid out, stored as `results/<spec>/table.json` so the table can be re-rendered from
/// results/ alone.
public struct PaperTableDescription: Codable, Sendable, Equatable {
    /// A metric column of the table.
    public enum Metric: String, Codable, Sendable, CaseIterable {
        /// Frame-level ROC AUC (higher is better).
        case auc
        /// Equal error rate (lower is better).
        case eer
    }

    /// A dataset column: the key used in runs.csv and the name shown, e.g. ("walkway", "walkway (Ped2)").
    public struct Dataset: Codable, Sendable, Equatable {
        /// Dataset key as in runs.csv.
        public var key: String
        /// Column title.
        public var displayName: String
        /// Creates a dataset column.
        public init(key: String, displayName: String) {
            self.key = key
            self.displayName = displayName
        }
    }

    /// The paper's numbers for one cell, in percent; nil where the paper gives none.
    public struct PaperNumbers: Codable, Sendable, Equatable {
        /// Published AUC in %.
        public var auc: Double?
        /// Published EER in %.
        public var eer: Double?
        /// Creates a cell.
        public init(auc: Double? = nil, eer: Double? = nil) {
            self.auc = auc
            self.eer = eer
        }

        /// The published value of `metric`.
        public func value(_ metric: Metric) -> Double? {
            metric == .auc ? auc : eer
        }
    }

    /// Spec name (results folder name), e.g. "table8_lambda".
    public var spec: String
    /// Table title, e.g. "Table 8: λ in the Destroyer loss".
    public var title: String
    /// Header of the row-label column, e.g. "λ".
    public var rowHeader: String
    /// Row labels in the paper's order (they match `row` in runs.csv).
    public var rows: [String]
    /// Dataset columns in the paper's order.
    public var datasets: [Dataset]
    /// Metrics shown per dataset: [.auc] or [.auc, .eer].
    public var metrics: [Metric]
    /// The paper's numbers: row label → dataset key → numbers.
    public var paper: [String: [String: PaperNumbers]]
    /// True when γ was chosen on the test set (an oracle choice), stated under the table.
    public var gammaOracle: Bool
    /// Extra lines printed under the table.
    public var notes: [String]
    /// The paper's claims about the rows (labels), tested per dataset; nil in files written before claims existed.
    public var claims: [Claim]?
    /// The row the others are compared with (cells marked ▲/▼ when they differ beyond noise).
    public var reference: String?
    /// The verdicts computed when the table was last written (output only: recomputed on every render).
    public var verdicts: TableVerdicts?
    /// The grid key whose values are the columns inside each dataset (`table.columns`); nil when the columns are
    /// the datasets alone.
    public var columnHeader: String?
    /// Column labels inside each dataset, in order (they match `column` in runs.csv); nil without `columnHeader`.
    public var columns: [String]?
    /// Table row → the runs.csv row labels its cells pool (`table.average`); nil when nothing is pooled.
    public var pooledRows: [String: [String]]?

    /// Creates a description.
    public init(spec: String, title: String, rowHeader: String = "setting", rows: [String], datasets: [Dataset],
                metrics: [Metric] = [.auc], paper: [String: [String: PaperNumbers]] = [:], gammaOracle: Bool = false,
                notes: [String] = [], claims: [Claim]? = nil, reference: String? = nil, columnHeader: String? = nil,
                columns: [String]? = nil, pooledRows: [String: [String]]? = nil) {
        self.spec = spec
        self.title = title
        self.rowHeader = rowHeader
        self.rows = rows
        self.datasets = datasets
        self.metrics = metrics
        self.paper = paper
        self.gammaOracle = gammaOracle
        self.notes = notes
        self.claims = claims
        self.reference = reference
        self.columnHeader = columnHeader
        self.columns = columns
        self.pooledRows = pooledRows
    }

    /// Deterministic JSON (sorted keys, pretty-printed), the content of table.json.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a table.json file; errors name the file.
    public static func read(from url: URL) throws -> PaperTableDescription {
        do {
            return try JSONDecoder().decode(PaperTableDescription.self, from: Data(contentsOf: url))
        } catch {
            throw CacheError.io(path: url.path, message: "cannot read table description: \(error)")
        }
    }
}
