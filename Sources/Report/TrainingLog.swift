import CSV
import Foundation

/// A training stage's `training_log.csv`: a `step` column, one column per loss, and optionally `steps_per_second`.
public struct TrainingLog: Sendable, Equatable {
    /// The training steps, one per logged row.
    public var steps: [Double]
    /// Loss name → value per row (same length as `steps`; non-numeric cells are NaN and not drawn).
    public var losses: [(name: String, values: [Double])]

    /// Parses CSV text (`CSVReader`'s rules; spaces around cells ignored); `file` names the source in errors.
    public init(csv text: String, file: String) throws {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: text, file: file)
        } catch let error as CSVError {
            throw ReportError.invalidFile(path: file, line: error.line, message: error.message)
        }
        guard let headerRecord = records.first else {
            throw ReportError.invalidFile(path: file, line: 1, message: "empty training log; expected a header step,<loss>…")
        }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let stepColumn = header.firstIndex(of: "step") else {
            throw ReportError.invalidFile(path: file, line: headerRecord.line,
                                          message: "no 'step' column in the header '\(CSVWriter.record(headerRecord.fields))'")
        }
        let lossColumns = header.indices.filter { $0 != stepColumn && header[$0] != "steps_per_second" && !header[$0].isEmpty }
        var steps: [Double] = []
        var values = [[Double]](repeating: [], count: lossColumns.count)
        for record in records.dropFirst() {
            let cells = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == header.count else {
                throw ReportError.invalidFile(path: file, line: record.line,
                                              message: "expected \(header.count) fields as in the header, found \(cells.count)")
            }
            guard let step = Double(cells[stepColumn]) else {
                throw ReportError.invalidFile(path: file, line: record.line,
                                              message: "step '\(cells[stepColumn])' is not a number")
            }
            steps.append(step)
            for (k, column) in lossColumns.enumerated() { values[k].append(Double(cells[column]) ?? .nan) }
        }
        self.steps = steps
        self.losses = lossColumns.enumerated().map { (header[$0.element], values[$0.offset]) }
    }

    /// Reads the log at `url`.
    public static func read(from url: URL) throws -> TrainingLog {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw ReportError.io(path: url.path, message: "cannot read the training log")
        }
        return try TrainingLog(csv: text, file: url.path)
    }

    /// A line plot of every loss against the step.
    public func plot(title: String) -> LinePlot {
        var plot = LinePlot(title: title, xTitle: "training step", yTitle: "loss")
        plot.series = losses.map { loss in
            LinePlot.Series(name: loss.name, points: zip(steps, loss.values).map { LinePlot.Point($0, $1) }
                .filter { $0.y.isFinite })
        }
        if losses.count > 4 { plot.legendPosition = .below }
        return plot
    }

    /// Equality of steps, names and values (NaN cells compare equal).
    public static func == (lhs: TrainingLog, rhs: TrainingLog) -> Bool {
        guard lhs.steps == rhs.steps, lhs.losses.count == rhs.losses.count else { return false }
        for (a, b) in zip(lhs.losses, rhs.losses) {
            guard a.name == b.name, a.values.count == b.values.count else { return false }
            for (x, y) in zip(a.values, b.values) where !(x == y || (x.isNaN && y.isNaN)) { return false }
        }
        return true
    }
}
