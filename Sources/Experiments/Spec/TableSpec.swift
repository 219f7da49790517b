import Metrics

/// How the spec's runs become the cells of a table laid out like the paper's (`table:` in a spec; the grammar is
/// in `TableLayoutParser` and docs/spec-tables.md).
///
/// Every axis along which the spec's runs vary has one place: the variants and each grid key are on the rows
/// (`rows`), on the columns (`columns`, the datasets always being the outer column groups), or pooled on purpose
/// (`average`). So one cell of (row, column, dataset) holds the seeds of exactly one configuration, unless the
/// spec pools some keys, and then the table says so.
public struct TableSpec: Sendable, Hashable {
    /// One axis of the rows.
    public enum Axis: Sendable, Hashable {
        /// The variants, keyed by their labels.
        case variant
        /// A grid key, keyed by its values' canonical text (`4`, `0.2`, `add`).
        case grid(String)

        /// The axis as written in `table.rows` (`variant` or the grid key).
        public var name: String {
            switch self {
            case .variant: return "variant"
            case .grid(let key): return key
            }
        }
    }

    /// Row axes (`table.rows`), outermost first; a row key joins one value of each.
    public var rows: [Axis]
    /// The grid key whose values are the columns inside each dataset (`table.columns`); nil: the datasets alone.
    public var columns: String?
    /// Grid keys pooled within a cell on purpose (`table.average`).
    public var average: [String] = []
    /// Metrics shown (`auc`, `eer`).
    public var metrics: [String]
    /// Display labels of row keys (`table.labels`: key → label, e.g. `16: "16 × 16"`, or built from the per-axis
    /// labels of a row of several axes).
    public var labels: [String: String]
    /// Display labels of one grid key's values (`table.labels: {model.alpha: {0.2: "α = 0.2"}}`).
    public var valueLabels: [String: [String: String]] = [:]
    /// The paper's frame-level AUC (%) per row key, one entry per dataset in `datasets` order; `nil` where the
    /// paper gives no number ("–").
    public var paperAUC: [String: [Double?]]
    /// The paper's EER (%) per row key, where it reports one.
    public var paperEER: [String: [Double?]]
    /// The row keys in table order (the first axis varies slowest).
    public var rowKeys: [String]
    /// The column keys in table order (the column key's values' canonical text), empty without `columns`.
    public var columnKeys: [String] = []
    /// The paper's claims about the rows (`table.claims`), rows named by label.
    public var claims: [Claim] = []
    /// The row other rows are compared with (`table.reference`), by label.
    public var reference: String?

    /// The display label of a row key.
    public func label(forRow key: String) -> String { labels[key] ?? key }

    /// The display label of a column key: its `table.labels` entry, else `key=value` (e.g. `model.alpha=0.2`).
    public func label(forColumn value: String) -> String {
        guard let key = columns else { return value }
        return part(key, value)
    }

    /// One grid key's value as a part of a longer label: its `table.labels` entry, else `key=value`.
    public func part(_ key: String, _ value: String) -> String {
        valueLabels[key]?[value] ?? "\(key)=\(value)"
    }

    /// The row key of a run with this variant label and these grid values (key → canonical text): the values of
    /// the row axes, in `rows` order, joined by ", ".
    public func rowKey(variant: String?, values: [String: String]) -> String {
        rows.map { axis in
            switch axis {
            case .variant: return variant ?? ""
            case .grid(let key): return values[key] ?? ""
            }
        }.joined(separator: ", ")
    }

    /// The label of what a run's cell pools (`table.average`): `key=value` parts joined by ", "; nil when nothing
    /// is pooled.
    public func pooledLabel(values: [String: String]) -> String? {
        average.isEmpty ? nil : average.map { part($0, values[$0] ?? "") }.joined(separator: ", ")
    }

    /// The header of the row-label column: `setting` for variants, the grid key otherwise, joined by ", ".
    public var rowHeader: String {
        rows.map { axis in
            switch axis {
            case .variant: return "setting"
            case .grid(let key): return key
            }
        }.joined(separator: ", ")
    }
}
