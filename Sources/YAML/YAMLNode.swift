/// A node of a parsed YAML document: a scalar, a sequence or a mapping, with the position where it starts.
///
/// Scalars keep their text as written and whether they were plain (unquoted); typing (number, bool, null)
/// happens when decoding, so `"4"` (quoted) is a string while `4` is a number.
public struct YAMLNode: Sendable, Hashable {
    /// One key/value entry of a mapping, in document order.
    public struct Pair: Sendable, Hashable {
        /// The key node (a scalar for every file this project reads).
        public var key: YAMLNode
        /// The value node.
        public var value: YAMLNode
        /// Creates an entry.
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The content of a node.
    public enum Content: Sendable, Hashable {
        /// A scalar: its text and whether it was written plain (unquoted, not a block scalar).
        case scalar(String, plain: Bool)
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping, entries in document order (keys are unique).
        case mapping([Pair])
    }

    /// The node's content.
    public var content: Content
    /// Where the node starts.
    public var mark: SourceMark

    /// Creates a node.
    public init(_ content: Content, mark: SourceMark) {
        self.content = content
        self.mark = mark
    }

    /// A plain scalar node.
    public static func scalar(_ text: String, plain: Bool = true, at mark: SourceMark) -> YAMLNode {
        YAMLNode(.scalar(text, plain: plain), mark: mark)
    }

    /// The scalar text, or `nil` for a sequence or mapping.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The items of a sequence, or `nil`.
    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries of a mapping, or `nil`.
    public var mappingPairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// True for a plain `null`, `~`, `Null`, `NULL` or empty scalar (YAML 1.2 core schema).
    public var isNull: Bool {
        if case .scalar(let text, let plain) = content, plain {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// The value for the scalar key `key` in a mapping, or `nil`.
    public subscript(key: String) -> YAMLNode? {
        mappingPairs?.first(where: { $0.key.scalarText == key })?.value
    }

    /// A short description of what the node is, for error messages: `a mapping`, `a list`, `the string "x"`.
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, let plain):
            if isNull { return "null" }
            return plain ? "'\(text)'" : "the string \"\(text)\""
        }
    }
}
