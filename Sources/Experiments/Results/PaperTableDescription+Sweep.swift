/// The sweep layouts of a table: grid values as columns inside each dataset (`columns`) and rows that pool
/// configurations on purpose (`pooledRows`). Tables without them (every paper table) are laid out as before.
extension PaperTableDescription {
    /// The columns inside one dataset: the column labels, or `[nil]` when the columns are the datasets alone.
    public var columnSlots: [String?] {
        columns.map { $0.map(Optional.some) } ?? [nil]
    }

    /// The runs.csv row labels a table row's cells hold: its pooled rows, else the row itself.
    public func members(ofRow row: String) -> [String] {
        pooledRows?[row] ?? [row]
    }

    /// Most configurations one cell pools (1 when nothing is pooled).
    public var pooledConfigurations: Int {
        pooledRows?.values.map(\.count).max() ?? 1
    }

    /// The dataset key the verdicts use for a (dataset, column) cell: the dataset's key, joined with the column
    /// label when the columns are grid values (each column is tested on its own, like a dataset).
    public static func verdictKey(dataset: String, column: String?) -> String {
        column.map { "\(dataset) · \($0)" } ?? dataset
    }

    /// The layout the verdicts see: with grid values as columns, one "dataset" per (dataset, column), so claims and
    /// the reference row are tested within one column, never across its configurations.
    public var verdictLayout: PaperTableDescription {
        guard let columns else { return self }
        var layout = self
        layout.datasets = datasets.flatMap { dataset in
            columns.map { Dataset(key: Self.verdictKey(dataset: dataset.key, column: $0), displayName: "\(dataset.displayName), \($0)") }
        }
        return layout
    }

    /// `records` as the verdicts see them (`verdictLayout`): each record's dataset joined with its column.
    public func verdictRecords(_ records: [RunsCSV.Record]) -> [RunsCSV.Record] {
        guard columns != nil else { return records }
        return records.map { record in
            var record = record
            record.dataset = Self.verdictKey(dataset: record.dataset, column: record.column)
            return record
        }
    }

    /// One label per configuration shown apart (report figures, seed tables): each table row's runs.csv rows,
    /// crossed with the columns ("λ = 2, α = 0.2"); the table rows themselves for a table of one axis.
    public var configurationRows: [String] {
        rows.flatMap { row in
            members(ofRow: row).flatMap { member in columnSlots.map { RunsCSV.Record.configurationRow(row: member, column: $0) } }
        }
    }
}

extension RunsCSV.Record {
    /// The label of one configuration of a sweep: the row label, with the column label after ", " when the table's
    /// columns are grid values.
    public static func configurationRow(row: String, column: String?) -> String {
        column.map { "\(row), \($0)" } ?? row
    }

    /// This record with `row` set to its configuration row (`configurationRow`) and no column: what the report's
    /// per-row figures and seed tables group by, so runs of different columns are never drawn as one row.
    public var configurationRecord: RunsCSV.Record {
        var record = self
        record.row = Self.configurationRow(row: row, column: column)
        record.column = nil
        return record
    }
}
