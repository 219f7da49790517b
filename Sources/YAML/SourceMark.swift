/// A position in a source file: the file name as given, and 1-based line and column.
public struct SourceMark: Sendable, Hashable, CustomStringConvertible {
    /// The file path (as the user gave it) or a pseudo name such as `--set` for command-line values.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number.
    public var column: Int

    /// Creates a mark at `file:line:column` (1-based).
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }
}
