/// A problem reading a per-frame score CSV: names the file, the 1-based line and, where there is one, the column.
public struct ScoreTableError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (path or name as given).
    public let file: String
    /// 1-based line of the problem (0 when the file could not be read at all).
    public let line: Int
    /// The column's header name, when the problem is in one cell or header field.
    public let column: String?
    /// 1-based position of that column in the header, when known.
    public let columnNumber: Int?
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(file: String, line: Int, column: String? = nil, columnNumber: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnNumber = columnNumber
        self.message = message
    }

    /// `file:line: column N 'name': message`.
    public var description: String {
        var text = line > 0 ? "\(file):\(line): " : "\(file): "
        switch (column, columnNumber) {
        case let (name?, number?): text += "column \(number) '\(name)': "
        case let (name?, nil): text += "column '\(name)': "
        case let (nil, number?): text += "column \(number): "
        case (nil, nil): break
        }
        return text + message
    }
}
