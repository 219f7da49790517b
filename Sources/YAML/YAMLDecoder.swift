/// Decodes a `YAMLNode` tree into `Decodable` values, with errors that point at the source.
///
/// - Numbers must be plain scalars: `4`, `4.0` and `4e0` all decode to the same `Double`; an `Int` accepts any
///   number with an integral value. Booleans are plain `true`/`false`. Strings accept any non-null scalar.
/// - A `CaseIterable` enum with `String` raw values accepts exactly its raw values; anything else is an error
///   listing the allowed values (with a "did you mean").
/// - After decoding, every mapping key that the decoded type did not ask for is reported as an unknown key,
///   with a suggestion among the keys the type does know.
/// - `DecodingError`s thrown by custom `init(from:)` implementations are converted to `SourceError`s at the
///   node their coding path names.
public struct YAMLDecoder {
    /// Creates a decoder.
    public init() {}

    /// Decodes `T` from `node`; throws `SourceError` on the first problem.
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws -> T {
        let log = AccessLog()
        let decoder = NodeDecoder(node: node, codingPath: [], log: log)
        let value: T
        do {
            value = try decoder.decodeValue(T.self)
        } catch let error as DecodingError {
            throw Self.sourceError(for: error, root: node)
        }
        try Self.checkUnknownKeys(node: node, path: [], log: log)
        return value
    }

    /// The dotted form of a coding path: `score.gamma[2]`.
    static func keyPath(_ path: [String]) -> String {
        var text = ""
        for component in path {
            if component.hasPrefix("[") {
                text += component
            } else {
                text += text.isEmpty ? component : "." + component
            }
        }
        return text
    }

    static func components(_ codingPath: [any CodingKey]) -> [String] {
        codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
    }

    static func node(at components: [String], in root: YAMLNode) -> YAMLNode {
        var current = root
        for component in components {
            if component.hasPrefix("["), let index = Int(component.dropFirst().dropLast()),
               let items = current.sequenceItems, index < items.count {
                current = items[index]
            } else if let child = current[component] {
                current = child
            } else {
                break
            }
        }
        return current
    }

    static func sourceError(for error: DecodingError, root: YAMLNode) -> SourceError {
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c): context = c
        case .typeMismatch(_, let c): context = c
        case .valueNotFound(_, let c): context = c
        case .keyNotFound(let key, let c):
            let path = components(c.codingPath)
            return SourceError(mark: node(at: path, in: root).mark, keyPath: keyPath(path + [key.stringValue]),
                               message: "missing key")
        @unknown default:
            return SourceError(mark: root.mark, message: "\(error)")
        }
        let path = components(context.codingPath)
        return SourceError(mark: node(at: path, in: root).mark, keyPath: keyPath(path),
                           message: context.debugDescription)
    }

    static func checkUnknownKeys(node: YAMLNode, path: [String], log: AccessLog) throws {
        switch node.content {
        case .scalar: return
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                try checkUnknownKeys(node: item, path: path + ["[\(index)]"], log: log)
            }
        case .mapping(let pairs):
            guard let known = log.keyed[keyPath(path)] else { return }
            for pair in pairs {
                let key = pair.key.scalarText ?? ""
                if !known.contains(key) {
                    let candidates = known.sorted()
                    throw SourceError(
                        mark: pair.key.mark, keyPath: keyPath(path + [key]),
                        message: "unknown key" + KeySuggestion.hint(for: key, among: candidates)
                            + "; expected one of: " + candidates.joined(separator: ", "))
                }
                try checkUnknownKeys(node: pair.value, path: path + [key], log: log)
            }
        }
    }
}

/// Which keys each decoded mapping was asked for, by dotted path (reference type shared by containers).
final class AccessLog {
    var keyed: [String: Set<String>] = [:]
    func record(_ path: [String], key: String) {
        keyed[YAMLDecoder.keyPath(path), default: []].insert(key)
    }
    func touch(_ path: [String]) {
        keyed[YAMLDecoder.keyPath(path), default: []].formUnion([])
    }
}

/// A plain `CodingKey` for positions and dynamic keys.
struct NodeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

/// Raw values of a `CaseIterable` enum whose raw values are strings (empty otherwise).
private func rawValues<C: CaseIterable>(_ type: C.Type) -> [String] {
    type.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
}

struct NodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let log: AccessLog
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var pathComponents: [String] { YAMLDecoder.components(codingPath) }
    var keyPath: String { YAMLDecoder.keyPath(pathComponents) }

    func error(_ message: String) -> SourceError {
        SourceError(mark: node.mark, keyPath: keyPath, message: message)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let pairs = node.mappingPairs else {
            throw error("expected a mapping, found \(node.kindDescription)")
        }
        log.touch(pathComponents)
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, pairs: pairs))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.sequenceItems else {
            throw error("expected a list, found \(node.kindDescription)")
        }
        return UnkeyedNodeContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleNodeContainer(decoder: self) }

    func child(_ node: YAMLNode, key: any CodingKey) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath + [key], log: log)
    }

    func plainScalar(_ expected: String) throws -> String {
        guard case .scalar(let text, let plain) = node.content, plain, !node.isNull else {
            throw error("expected \(expected), found \(node.kindDescription)")
        }
        return text
    }

    func decodeBool() throws -> Bool {
        switch try plainScalar("true or false") {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("expected true or false, found \(node.kindDescription)")
        }
    }

    func decodeDouble() throws -> Double {
        let text = try plainScalar("a number")
        guard let value = Double(text), value.isFinite else {
            throw error("expected a number, found \(node.kindDescription)")
        }
        return value
    }

    func decodeInt() throws -> Int {
        let text = try plainScalar("an integer")
        if let value = Int(text) { return value }
        if let value = Double(text), value > -9e15, value < 9e15, Double(Int(value)) == value { return Int(value) }
        throw error("expected an integer, found \(node.kindDescription)")
    }

    func decodeString() throws -> String {
        guard let text = node.scalarText, !node.isNull else {
            throw error("expected a string, found \(node.kindDescription)")
        }
        return text
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Bool.self { return try decodeBool() as! T }
        if T.self == Int.self { return try decodeInt() as! T }
        if T.self == Double.self { return try decodeDouble() as! T }
        if T.self == Float.self { return Float(try decodeDouble()) as! T }
        if T.self == String.self { return try decodeString() as! T }
        if let choiceType = T.self as? any CaseIterable.Type {
            let choices = rawValues(choiceType)
            if !choices.isEmpty {
                let text = node.scalarText ?? ""
                if node.scalarText == nil || node.isNull || !choices.contains(text) {
                    let found = node.scalarText == nil || node.isNull ? node.kindDescription : "'\(text)'"
                    throw error("expected one of \(choices.joined(separator: ", ")), found \(found)"
                                + KeySuggestion.hint(for: text, among: choices))
                }
            }
        }
        return try T(from: self)
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let pairs: [YAMLNode.Pair]
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        pairs.compactMap { pair in pair.key.scalarText.flatMap { Key(stringValue: $0) } }
    }

    func value(_ key: Key) -> YAMLNode? {
        decoder.log.record(decoder.pathComponents, key: key.stringValue)
        return pairs.first(where: { $0.key.scalarText == key.stringValue })?.value
    }

    func require(_ key: Key) throws -> YAMLNode {
        guard let node = value(key) else {
            throw SourceError(mark: decoder.node.mark,
                              keyPath: YAMLDecoder.keyPath(decoder.pathComponents + [key.stringValue]),
                              message: "missing key")
        }
        return node
    }

    func contains(_ key: Key) -> Bool { value(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try require(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(try require(key), key: key).decodeValue(T.self)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = value(key), !node.isNull else { return nil }
        return try decoder.child(node, key: key).decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try require(key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(try require(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(try require(key), key: key) }
}

struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [YAMLNode]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func nextDecoder() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw decoder.error("expected more than \(items.count) items")
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: NodeKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw decoder.error("expected more than \(items.count) items") }
        if items[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try nextDecoder().decodeValue(T.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }
}

struct SingleNodeContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.node.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self) }
}

extension YAMLDecoder {
    /// Decodes `T` from a node that sits at `keyPath` in a larger document (used for errors).
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode, keyPath: String) throws -> T {
        do {
            return try decode(type, from: node)
        } catch var error as SourceError {
            error.keyPath = error.keyPath.isEmpty ? keyPath : "\(keyPath).\(error.keyPath)"
            throw error
        }
    }
}
