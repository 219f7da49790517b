/// An event file that cannot be read or written, with the file's path.
public enum TensorBoardError: Error, CustomStringConvertible, Equatable {
    /// A record whose length or data does not match its checksum, at a byte offset.
    case corruptRecord(path: String, offset: Int, reason: String)
    /// The file could not be opened, created or written.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .corruptRecord(let path, let offset, let reason): return "\(path): corrupt event record at byte \(offset): \(reason)"
        case .io(let path, let message): return "\(path): \(message)"
        }
    }
}
