/// One record of a CSV text: its fields, and the 1-based line where it starts (a quoted field may span lines).
public struct CSVRecord: Sendable, Equatable {
    /// 1-based line where the record starts.
    public var line: Int
    /// The fields, unquoted.
    public var fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
