/// Writes RFC 4180 CSV: fields separated by commas, records ended by "\n"; a field holding a comma, a double
/// quote, a carriage return or a line feed, or starting or ending with a space, is enclosed in double quotes with
/// inner quotes doubled. `CSVReader` reads the text back to the same fields.
public enum CSVWriter {
    /// One field, quoted when needed.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.unicodeScalars.first == " " || text.unicodeScalars.last == " "
        guard needsQuotes else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }

    /// One record without its line end: the fields, quoted when needed, joined by commas.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// One record ending with "\n".
    public static func line(_ fields: [String]) -> String {
        record(fields) + "\n"
    }
}
