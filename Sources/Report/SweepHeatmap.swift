import Experiments
import Foundation

/// A two-axis sweep of one dataset as a heatmap: the table's rows down, its grid-value columns across
/// (`table.columns`), each cell coloured by its mean AUC over seeds and printed with it ("83.4", then "± 1.2 · n = 3").
///
/// Colour: the AUC's position between the lowest and the highest mean of the figure, t = (AUC − min)/(max − min)
/// (t = 0.5 when all are equal), through the viridis colour map (dark blue, low → yellow, high; readable in grey and
/// by colour-blind readers); a cell without a finished run is light grey with "—". A bar under the grid gives the
/// scale.
public struct SweepHeatmap: Sendable {
    /// One cell: mean AUC in %, its sample standard deviation over seeds, and the finished runs.
    public struct Cell: Sendable, Equatable {
        /// Mean AUC in %, nil without a finished run.
        public var mean: Double?
        /// Sample standard deviation in %, nil below two runs.
        public var standardDeviation: Double?
        /// Finished runs.
        public var runs: Int

        /// Creates a cell.
        public init(mean: Double?, standardDeviation: Double? = nil, runs: Int) {
            self.mean = mean
            self.standardDeviation = standardDeviation
            self.runs = runs
        }
    }

    /// Figure title.
    public var title: String
    /// What the rows are (the table's row header).
    public var rowTitle: String
    /// What the columns are (the column grid key).
    public var columnTitle: String
    /// Row labels, top to bottom.
    public var rows: [String]
    /// Column labels, left to right.
    public var columns: [String]
    /// Cells, `cells[row][column]`.
    public var cells: [[Cell]]

    /// Creates a heatmap.
    public init(title: String, rowTitle: String, columnTitle: String, rows: [String], columns: [String], cells: [[Cell]]) {
        self.title = title
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.rows = rows
        self.columns = columns
        self.cells = cells
    }

    /// The heatmaps of a table whose columns are grid values, one per dataset with a finished run (AUC cells from
    /// `PaperTable.cell`); empty for a table of datasets alone.
    public static func heatmaps(of table: PaperTable) -> [(dataset: PaperTableDescription.Dataset, heatmap: SweepHeatmap)] {
        let layout = table.layout
        guard let columns = layout.columns, let columnTitle = layout.columnHeader else { return [] }
        return layout.datasets.compactMap { dataset -> (dataset: PaperTableDescription.Dataset, heatmap: SweepHeatmap)? in
            let cells = layout.rows.map { row in
                columns.map { column -> Cell in
                    let cell = table.cell(row: row, column: column, dataset: dataset.key, metric: .auc)
                    return Cell(mean: cell.mean, standardDeviation: cell.standardDeviation, runs: cell.finished)
                }
            }
            guard cells.joined().contains(where: { $0.mean != nil }) else { return nil }
            return (dataset, SweepHeatmap(title: "AUC (%) — \(dataset.displayName)", rowTitle: layout.rowHeader,
                                          columnTitle: columnTitle, rows: layout.rows, columns: columns, cells: cells))
        }
    }

    /// Viridis at t = 0, 0.25, 0.5, 0.75, 1 (sRGB), interpolated linearly in between.
    static let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]

    /// The colour at t ∈ [0, 1] (clamped) as `#rrggbb`.
    public static func color(_ t: Double) -> String {
        let position = min(max(t.isFinite ? t : 0.5, 0), 1) * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        let fraction = position - Double(index)
        let (a, b) = (stops[index], stops[index + 1])
        func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * fraction).rounded()) }
        return String(format: "#%02X%02X%02X", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    /// The lowest and highest mean of the figure (nil when no cell has one).
    public var range: (low: Double, high: Double)? {
        let means = cells.joined().compactMap(\.mean)
        guard let low = means.min(), let high = means.max() else { return nil }
        return (low, high)
    }

    /// t of a mean within `range` (0.5 when the range is a single value).
    func position(_ mean: Double) -> Double {
        guard let range, range.high > range.low else { return 0.5 }
        return (mean - range.low) / (range.high - range.low)
    }

    /// The SVG drawing.
    public func document() -> SVGDocument {
        let cellWidth = 96.0, cellHeight = 46.0
        let labelWidth = min(260, max(80, Double(max(rows.map(\.count).max() ?? 0, rowTitle.count)) * 7.5 + 16))
        let top = 64.0, left = labelWidth
        let width = left + Double(columns.count) * cellWidth + 24
        let height = top + Double(rows.count) * cellHeight + 70
        var svg = SVGDocument(width: max(width, 320), height: height)
        svg.text(title, x: 12, y: 22, size: 15, weight: "bold", fill: ColorPalette.axis)
        svg.text(columnTitle, x: left + Double(columns.count) * cellWidth / 2, y: 42, size: 12, anchor: .middle, fill: ColorPalette.axis)
        svg.text(rowTitle, x: left - 8, y: 42, size: 12, anchor: .end, fill: ColorPalette.axis)
        for (index, column) in columns.enumerated() {
            svg.text(column, x: left + (Double(index) + 0.5) * cellWidth, y: top - 6, size: 12, anchor: .middle, fill: ColorPalette.axis)
        }
        for (rowIndex, row) in rows.enumerated() {
            let y = top + Double(rowIndex) * cellHeight
            svg.text(row, x: left - 8, y: y + cellHeight / 2 + 4, size: 12, anchor: .end, fill: ColorPalette.axis)
            for (columnIndex, cell) in cells[rowIndex].enumerated() {
                let x = left + Double(columnIndex) * cellWidth
                guard let mean = cell.mean else {
                    svg.rectangle(x: x, y: y, width: cellWidth, height: cellHeight, fill: "#EEEEEE", stroke: "#FFFFFF")
                    svg.text("—", x: x + cellWidth / 2, y: y + cellHeight / 2 + 5, size: 14, anchor: .middle, fill: ColorPalette.axis)
                    continue
                }
                let t = position(mean)
                svg.rectangle(x: x, y: y, width: cellWidth, height: cellHeight, fill: Self.color(t), stroke: "#FFFFFF")
                let ink = t > 0.6 ? "#000000" : "#FFFFFF"  // viridis is light above ~0.6
                svg.text(String(format: "%.1f", mean), x: x + cellWidth / 2, y: y + 21, size: 15, anchor: .middle,
                         weight: "bold", fill: ink)
                let detail = (cell.standardDeviation.map { String(format: "± %.1f · ", $0) } ?? "") + "n = \(cell.runs)"
                svg.text(detail, x: x + cellWidth / 2, y: y + 37, size: 10, anchor: .middle, fill: ink)
            }
        }
        // Colour scale.
        if let range {
            let barTop = top + Double(rows.count) * cellHeight + 24
            let barWidth = max(Double(columns.count) * cellWidth, 160)
            let steps = 40
            for step in 0..<steps {
                svg.rectangle(x: left + barWidth * Double(step) / Double(steps), y: barTop, width: barWidth / Double(steps) + 0.5,
                              height: 10, fill: Self.color((Double(step) + 0.5) / Double(steps)))
            }
            svg.text(String(format: "%.1f", range.low), x: left, y: barTop + 26, size: 11, anchor: .start, fill: ColorPalette.axis)
            svg.text(String(format: "%.1f", range.high), x: left + barWidth, y: barTop + 26, size: 11, anchor: .end, fill: ColorPalette.axis)
            svg.text("mean AUC (%) over seeds", x: left + barWidth / 2, y: barTop + 26, size: 11, anchor: .middle, fill: ColorPalette.axis)
        }
        return svg
    }

    /// Writes one heatmap per dataset of `table` into `folder/figures/heatmap_<dataset>.svg` and returns the HTML
    /// figures and the files written (relative to `folder`); nothing for a table of datasets alone.
    public static func write(_ table: PaperTable, into folder: URL) throws -> (html: [String], files: [String]) {
        var html: [String] = []
        var files: [String] = []
        for (dataset, heatmap) in heatmaps(of: table) {
            let name = ReportFigureKind.heatmap.path(ReportBuilder.fileSafe(dataset.key))
            try heatmap.document().write(to: folder.appendingPathComponent(name))
            files.append(name)
            html.append(ReportPage.figure(name, caption: "\(dataset.displayName): mean AUC of each (row, column) "
                                          + "configuration over its seeds, ± sample std, n = finished runs; colour from the "
                                          + "lowest to the highest mean of this dataset.", size: .medium))
        }
        return (html, files)
    }
}
