import YAML

/// One `key: value` override from a spec's `set`, a dataset's or variant's `set`, a grid axis value, or
/// `--set key=value`: a dotted key path and a YAML value, with where the key was written.
public struct ConfigOverride: Sendable, Hashable {
    /// The dotted key (`destroyer.lambda`).
    public var key: String
    /// The value as parsed (typed when the config is decoded).
    public var value: YAMLNode
    /// Where the key was written.
    public var keyMark: SourceMark

    /// Creates an override.
    public init(key: String, value: YAMLNode, keyMark: SourceMark) {
        self.key = key
        self.value = value
        self.keyMark = keyMark
    }

    /// The key's components (`["destroyer", "lambda"]`).
    public var path: [String] { key.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    /// Applies the override to a config tree.
    public func apply(to tree: YAMLNode) -> YAMLNode {
        tree.setting(path: path, to: value, keyMark: keyMark)
    }

    /// True when one key is a prefix of the other (`destroyer` and `destroyer.lambda` overlap).
    public func overlaps(_ other: String) -> Bool {
        let a = path, b = other.split(separator: ".").map(String.init)
        let n = min(a.count, b.count)
        return Array(a.prefix(n)) == Array(b.prefix(n))
    }

    /// True when applying the override writes the dotted `key`: the override's key is `key` or below it, or
    /// it is a prefix of `key` and its mapping value holds the rest (`train: {batch: 2}` sets `train.batch`).
    public func sets(_ key: String) -> Bool {
        let target = key.split(separator: ".").map(String.init)
        let own = path
        if own.count >= target.count { return Array(own.prefix(target.count)) == target }
        guard Array(target.prefix(own.count)) == own else { return false }
        return value.node(at: Array(target.dropFirst(own.count))) != nil
    }

    /// Parses a command-line `key=value` (the value is YAML: `3`, `[0.1, 0.2, 0.3, 1]`, `add`). Errors name
    /// the argument; columns count within it.
    public static func parseCommandLine(_ argument: String) throws -> ConfigOverride {
        let file = "command line (--set \(argument))"
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw SourceError(mark: SourceMark(file: file, line: 1, column: 1),
                              message: "expected key=value, e.g. destroyer.lambda=3")
        }
        let key = String(argument[..<equals]).trimmingCharacters(in: " ")
        let valueText = String(argument[argument.index(after: equals)...])
        let keyColumn = 1
        let valueColumn = argument.distance(from: argument.startIndex, to: equals) + 2
        let parsed = try YAMLParser.parse("[\(valueText)]", file: file)
        guard let items = parsed.sequenceItems, items.count == 1 else {
            throw SourceError(mark: SourceMark(file: file, line: 1, column: valueColumn), keyPath: key,
                              message: "expected one YAML value after '='")
        }
        let value = items[0].shiftingColumns(by: valueColumn - 2)
        return ConfigOverride(key: key, value: value, keyMark: SourceMark(file: file, line: 1, column: keyColumn))
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}

extension YAMLNode {
    /// The same tree with every mark's column moved by `offset` (for values parsed out of a larger string).
    func shiftingColumns(by offset: Int) -> YAMLNode {
        var node = self
        node.mark.column += offset
        switch content {
        case .scalar: break
        case .sequence(let items): node.content = .sequence(items.map { $0.shiftingColumns(by: offset) })
        case .mapping(let pairs):
            node.content = .mapping(pairs.map {
                .init(key: $0.key.shiftingColumns(by: offset), value: $0.value.shiftingColumns(by: offset))
            })
        }
        return node
    }
}
