/// Why two rows cannot be compared by `PairedBootstrap` (the message names the rows).
public struct VerdictError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message to show the user.
    public let description: String

    /// An error with this message.
    public init(_ description: String) { self.description = description }
}
