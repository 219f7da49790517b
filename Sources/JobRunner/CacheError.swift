/// A file-system failure in the artifact cache or the results folder, naming the path.
public enum CacheError: Error, CustomStringConvertible {
    /// An operation on `path` failed.
    case io(path: String, message: String)
    /// A complete-looking artifact whose `done.json` or files do not verify (truncated, edited, half-written):
    /// it is never loaded; the scheduler runs the node again.
    case corrupt(path: String, message: String)

    /// "path: message".
    public var description: String {
        switch self {
        case .io(let path, let message): return "\(path): \(message)"
        case .corrupt(let path, let message): return "\(path): corrupt cache entry: \(message)"
        }
    }
}
