/// An error reading or writing video anomaly data. Every case names the file (or folder) and what is wrong,
/// so that bad user input never crashes and never silently shortens a dataset.
public struct VideoDataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file or folder the problem is in.
    public let path: String
    /// What is wrong, in words.
    public let reason: String

    /// Creates an error for `path` with the explanation `reason`.
    public init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
