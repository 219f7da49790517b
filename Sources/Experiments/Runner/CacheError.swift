/// A file-system failure in the artifact cache or the results folder, naming the path.
public enum CacheError: Error, CustomStringConvertible {
    /// An operation on `path` failed.
    case io(path: String, message: String)

    /// "path: message".
    public var description: String {
        switch self {
        case .io(let path, let message): return "\(path): \(message)"
        }
    }
}
