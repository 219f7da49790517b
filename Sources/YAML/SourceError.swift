/// An error in user input (a YAML file, a spec, a command-line override): where it is, which key, and what
/// was expected. Its description reads `file:line:column: key.path: message`.
public struct SourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the offending text is; `nil` when the problem has no position (e.g. a file that cannot be read).
    public var mark: SourceMark?
    /// The dotted key path of the offending value (`destroyer.lambda`), empty when there is none.
    public var keyPath: String
    /// What is wrong and what was expected.
    public var message: String
    /// The file named by the error when there is no mark.
    public var file: String?

    /// Creates an error at `mark` for the key `keyPath`.
    public init(mark: SourceMark?, keyPath: String = "", message: String, file: String? = nil) {
        self.mark = mark
        self.keyPath = keyPath
        self.message = message
        self.file = file
    }

    /// `file:line:column: key.path: message` (the key part is left out when there is no key).
    public var description: String {
        var text = ""
        if let mark {
            text = "\(mark): "
        } else if let file {
            text = "\(file): "
        }
        if !keyPath.isEmpty { text += "\(keyPath): " }
        return text + message
    }
}
