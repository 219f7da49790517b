import Foundation

/// Reading and writing per-frame score tables as CSV.
///
/// Component format (written by the scorer): header `video,frame,label,label_triplet,motion_triplet,`
/// `generator_mse,destroyer_mse`; an empty cell means the component is absent (it must then be empty on every
/// row). Score format (another tool's): header `video,frame,label,score`. When reading, columns may come in any
/// order, header names are case-insensitive, spaces around cells are ignored, component columns may be left out, and unknown columns are an error
/// (to catch typos). `label` is 0/1 (also `true`/`false`); `frame` a non-negative integer; values finite numbers.
/// Fields may be quoted with `"` (RFC 4180, `""` for a quote, line breaks allowed inside quotes). Blank lines are
/// skipped. Every error is a `ScoreTableError` naming the file, line and column.
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
        let records = try CSVRecords.parse(text, file: file)
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
            lines.append((ScoreTable.keyColumns + ScoreComponent.allCases.map(\.columnName)).joined(separator: ","))
            for row in rows {
                let values = ScoreComponent.allCases.map { row[$0].map { "\($0)" } ?? "" }
                lines.append(([CSVRecords.quoted(row.video), "\(row.frame)", row.isAnomalous ? "1" : "0"] + values)
                    .joined(separator: ","))
            }
        case .score:
            lines.append((ScoreTable.keyColumns + [ScoreTable.scoreColumn]).joined(separator: ","))
            for row in rows {
                let score = row.score.map { "\($0)" } ?? ""
                lines.append([CSVRecords.quoted(row.video), "\(row.frame)", row.isAnomalous ? "1" : "0", score]
                    .joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `csvText()` to `url` atomically (a temporary file renamed into place).
    public func write(to url: URL) throws {
        try Data(csvText().utf8).write(to: url, options: .atomic)
    }
}

/// A minimal RFC 4180 CSV reader that remembers the line each record starts on.
enum CSVRecords {
    struct Record {
        /// 1-based line where the record starts.
        let line: Int
        let fields: [String]
    }

    /// Splits `text` into records; blank lines are skipped; a leading UTF-8 byte order mark is ignored.
    static func parse(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0

        func endRecord() {
            fields.append(field)
            let blank = fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty && !fieldWasQuoted
            if !blank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.trimmingCharacters(in: .whitespaces).isEmpty, !fieldWasQuoted else {
                    throw ScoreTableError(
                        file: file, line: line, columnNumber: fields.count + 1,
                        message: "a quote inside an unquoted field (quote the whole field and double inner quotes)")
                }
                field = ""
                inQuotes = true
                fieldWasQuoted = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                if index < scalars.count, scalars[index] == "\n" { continue }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted, scalar != " ", scalar != "\t" {
                    throw ScoreTableError(
                        file: file, line: line, columnNumber: fields.count + 1,
                        message: "text after a closing quote")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw ScoreTableError(
                file: file, line: quoteLine, columnNumber: fields.count + 1,
                message: "a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// `text` as a CSV field: quoted (inner quotes doubled) when it holds a comma, quote or line break.
    static func quoted(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
