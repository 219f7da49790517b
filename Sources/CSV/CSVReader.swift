/// Reads RFC 4180 CSV text into records, remembering the line each record starts on.
///
/// - Fields are separated by commas; records end with "\n", "\r\n" or "\r". A leading UTF-8 byte order mark is
///   ignored, and so are blank lines (nothing but spaces or tabs).
/// - A field may be enclosed in double quotes (`""` inside for one quote); it may then hold commas and line
///   breaks. Spaces and tabs before the opening quote and after the closing quote are dropped; any other text
///   next to a quoted field, or a quote inside an unquoted field, is an error.
/// - An unquoted field is kept as written, spaces included.
public enum CSVReader {
    /// The records of `text`; errors are `CSVError`s naming `file`, the line and the field.
    public static func records(in text: String, file: String) throws -> [CSVRecord] {
        var records: [CSVRecord] = []
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

        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
        func endRecord() {
            fields.append(field)
            let blank = fields.count == 1 && !fieldWasQuoted && fields[0].unicodeScalars.allSatisfy(isBlank)
            if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
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
                    if scalar == "\n" || (scalar == "\r" && !(index < scalars.count && scalars[index] == "\n")) {
                        line += 1
                    }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.unicodeScalars.allSatisfy(isBlank), !fieldWasQuoted else {
                    throw CSVError(file: file, line: line, column: fields.count + 1,
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
            case "\r", "\n":
                if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted {
                    guard isBlank(scalar) else {
                        throw CSVError(file: file, line: line, column: fields.count + 1, message: "text after a closing quote")
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            }
        }
        if inQuotes {
            throw CSVError(file: file, line: quoteLine, column: fields.count + 1, message: "a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
