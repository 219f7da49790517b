import CSV
import Foundation

/// Reading and writing per-frame score tables as CSV.
///
/// Component format (written by the scorer): header `video,frame,label,label_triplet,motion_triplet,`
/// `generator_mse,destroyer_mse`; an empty cell means the component is absent (it must then be empty on every
/// row). Score format (another tool's): header `video,frame,label,score`. When reading, columns may come in any
/// order, header names are case-insensitive, spaces around cells are ignored, component columns may be left out, and unknown columns are an error
/// (to catch typos). `label` is 0/1 (also `true`/`false`); `frame` a non-negative integer; values finite numbers.
/// The CSV rules are `CSVReader`'s and `CSVWriter`'s (RFC 4180 quoting, blank lines skipped). Every error is a
/// `ScoreTableError` naming the file, line and column.
extension ScoreTable {
    /// The required leading columns.
    static let keyColumns = ["video", "frame", "label"]
    /// The precomputed-score column.
    static let scoreColumn = "score"

    /// Reads a score table from the CSV file at `url`.
    public static func read(from url: URL) throws -> ScoreTable {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ScoreTableError(file: url.path, line: 0, message: "cannot read the file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScoreTableError(file: url.path, line: 0, message: "the file is not UTF-8 text")
        }
        return try ScoreTable(csv: text, file: url.path)
    }

    /// Parses CSV text; `file` names the source in errors.
    public init(csv text: String, file: String) throws {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: text, file: file)
        } catch let error as CSVError {
            throw ScoreTableError(file: error.file, line: error.line, columnNumber: error.column, message: error.message)
        }
        guard let header = records.first else {
            throw ScoreTableError(file: file, line: 1, message: "the file is empty; expected a header line "
                + "video,frame,label,… and one line per frame")
        }
        var columnIndex: [String: Int] = [:]
        let accepted = ScoreTable.keyColumns + ScoreComponent.allCases.map(\.columnName) + [ScoreTable.scoreColumn]
        for (position, rawName) in header.fields.enumerated() {
            let name = rawName.trimmingCharacters(in: .whitespaces).lowercased()
            guard accepted.contains(name) else {
                throw ScoreTableError(
                    file: file, line: header.line, column: rawName, columnNumber: position + 1,
                    message: "unknown column; accepted columns are \(accepted.joined(separator: ", "))")
            }
            guard columnIndex[name] == nil else {
                throw ScoreTableError(
                    file: file, line: header.line, column: rawName, columnNumber: position + 1,
                    message: "duplicate column")
            }
            columnIndex[name] = position
        }
        for required in ScoreTable.keyColumns where columnIndex[required] == nil {
            throw ScoreTableError(
                file: file, line: header.line, column: required,
                message: "missing required column (the header must contain video, frame and label)")
        }
        let components = ScoreComponent.allCases.filter { columnIndex[$0.columnName] != nil }
        let hasScore = columnIndex[ScoreTable.scoreColumn] != nil
        if hasScore, let first = components.first {
            throw ScoreTableError(
                file: file, line: header.line, column: first.columnName,
                columnNumber: columnIndex[first.columnName]! + 1,
                message: "a table has either a score column or component columns, not both")
        }
        if !hasScore, components.isEmpty {
            throw ScoreTableError(
                file: file, line: header.line,
                message: "no score column and no component column (label_triplet, motion_triplet, generator_mse, "
                    + "destroyer_mse)")
        }

        var rows: [ScoreRow] = []
        var firstLine: [String: [Int: Int]] = [:]  // video → frame → line, for duplicate reports
        var presence: [ScoreComponent: (present: Bool, line: Int)] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw ScoreTableError(
                    file: file, line: record.line,
                    message: "expected \(header.fields.count) fields as in the header, found \(record.fields.count)")
            }
            func cell(_ name: String) -> (text: String, column: String, number: Int) {
                let position = columnIndex[name]!
                return (record.fields[position].trimmingCharacters(in: .whitespaces), header.fields[position], position + 1)
            }
            func failure(_ name: String, _ message: String) -> ScoreTableError {
                let (_, column, number) = cell(name)
                return ScoreTableError(file: file, line: record.line, column: column, columnNumber: number, message: message)
            }
            let video = cell("video").text
            guard !video.isEmpty else { throw failure("video", "empty video id") }
            let frameText = cell("frame").text
            guard let frame = Int(frameText), frame >= 0 else {
                throw failure("frame", "expected a non-negative integer frame index, found '\(frameText)'")
            }
            let labelText = cell("label").text
            let isAnomalous: Bool
            switch labelText.lowercased() {
            case "0", "false": isAnomalous = false
            case "1", "true": isAnomalous = true
            default: throw failure("label", "expected 0 (normal) or 1 (anomalous), found '\(labelText)'")
            }
            func number(_ name: String) throws -> Double? {
                let text = cell(name).text
                if text.isEmpty { return nil }
                guard let value = Double(text), value.isFinite else {
                    throw failure(name, "expected a finite number, found '\(text)'")
                }
                return value
            }
            var row = ScoreRow(video: video, frame: frame, isAnomalous: isAnomalous)
            if hasScore {
                guard let score = try number(ScoreTable.scoreColumn) else {
                    throw failure(ScoreTable.scoreColumn, "empty score")
                }
                row.score = score
            } else {
                for component in components {
                    let value = try number(component.columnName)
                    row[component] = value
                    if let earlier = presence[component] {
                        if earlier.present != (value != nil) {
                            throw failure(
                                component.columnName,
                                (value == nil ? "empty here but has a value" : "has a value here but is empty")
                                    + " on line \(earlier.line); a component must be present on every row or none")
                        }
                    } else {
                        presence[component] = (value != nil, record.line)
                    }
                }
            }
            if let earlierLine = firstLine[video]?[frame] {
                throw ScoreTableError(
                    file: file, line: record.line,
                    message: "video '\(video)' frame \(frame) appears again (first on line \(earlierLine))")
            }
            firstLine[video, default: [:]][frame] = record.line
            rows.append(row)
        }
        guard !rows.isEmpty else {
            throw ScoreTableError(file: file, line: header.line, message: "the header is not followed by any row")
        }
        if !hasScore, !presence.values.contains(where: \.present) {
            throw ScoreTableError(file: file, line: header.line, message: "every component cell is empty")
        }
        self.init(rows: rows)
    }

    /// The table as CSV text. Component tables get all seven component-format columns (absent components as
    /// empty cells); score tables get `video,frame,label,score`. Numbers are written in Swift's shortest
    /// round-trip form, so reading the text back gives the same values exactly.
    public func csvText() -> String {
        var lines: [String] = []
        switch format {
        case .components:
            lines.append(CSVWriter.record(ScoreTable.keyColumns + ScoreComponent.allCases.map(\.columnName)))
            for row in rows {
                let values = ScoreComponent.allCases.map { row[$0].map { "\($0)" } ?? "" }
                lines.append(CSVWriter.record([row.video, "\(row.frame)", row.isAnomalous ? "1" : "0"] + values))
            }
        case .score:
            lines.append(CSVWriter.record(ScoreTable.keyColumns + [ScoreTable.scoreColumn]))
            for row in rows {
                let score = row.score.map { "\($0)" } ?? ""
                lines.append(CSVWriter.record([row.video, "\(row.frame)", row.isAnomalous ? "1" : "0", score]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `csvText()` to `url` atomically (a temporary file renamed into place).
    public func write(to url: URL) throws {
        try Data(csvText().utf8).write(to: url, options: .atomic)
    }
}
