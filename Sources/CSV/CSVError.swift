/// A problem in a CSV file: names the file, the 1-based line and, where there is one, the 1-based column.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// File path (or a name given by the caller).
    public var file: String
    /// 1-based line number (0 when the file could not be read at all).
    public var line: Int
    /// 1-based field position in the record, when the problem is in one field.
    public var column: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line: message`, or `file:line: column N: message` when the column is known.
    public var description: String {
        "\(file):\(line): " + (column.map { "column \($0): " } ?? "") + message
    }
}
