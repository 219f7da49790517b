/// An error in a CSV file, naming the file and the (1-based) line where the offending record starts.
public struct CSVError: Error, Equatable, CustomStringConvertible {
    /// File path (or a name given by the caller).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// "file:line: message".
    public var description: String { "\(file):\(line): \(message)" }
}

/// RFC 4180 CSV: fields separated by commas, records by newlines; a field containing a comma, a double quote, a
/// carriage return or a newline (or leading/trailing spaces) is enclosed in double quotes, with inner quotes doubled.
public enum CSVFormat {
    /// One field, quoted when needed.
    public static func quote(_ field: String) -> String {
        let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: quoted fields joined by commas, ending with "\n".
    public static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\n"
    }

    /// Parses CSV text into records, each with the 1-based line number where it starts. Blank lines between records
    /// are ignored. Throws `CSVError` naming `file` for an unterminated quoted field or a stray quote.
    public static func parse(_ text: String, file: String) throws -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append((recordLine, fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
        }
        while index < characters.count {
            let character = characters[index]
            if inQuotes {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
            } else {
                switch character {
                case ",":
                    fields.append(field)
                    field = ""
                    fieldWasQuoted = false
                case "\n", "\r\n", "\r":
                    endRecord()
                    line += 1
                    recordLine = line
                case "\"":
                    guard field.isEmpty && !fieldWasQuoted else {
                        throw CSVError(file: file, line: line, message: "stray double quote inside an unquoted field")
                    }
                    inQuotes = true
                    fieldWasQuoted = true
                default:
                    if fieldWasQuoted {
                        throw CSVError(file: file, line: line, message: "unexpected text after a closing quote")
                    }
                    field.append(character)
                }
            }
            index += 1
        }
        if inQuotes {
            throw CSVError(file: file, line: recordLine, message: "quoted field not closed before the end of the file")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
