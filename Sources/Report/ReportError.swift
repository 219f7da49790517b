/// Errors of the report builder; each names the file it concerns.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    /// A file or folder could not be read or written.
    case io(path: String, message: String)
    /// A file was read but its content is not usable (`line` is 1-based, 0 when unknown).
    case invalidFile(path: String, line: Int, message: String)

    /// A one-line message naming the file (and line).
    public var description: String {
        switch self {
        case let .io(path, message): return "\(path): \(message)"
        case let .invalidFile(path, line, message):
            return line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
        }
    }
}
