import CYAML
import Foundation

/// Parses YAML text with Debian's libyaml (event API) into a `YAMLNode` tree that keeps positions.
///
/// Only the first document of a stream is read; a stream with more than one document is an error. Anchors and
/// aliases are resolved by copying the anchored node. Duplicate mapping keys are an error. Syntax errors are
/// thrown as `SourceError` reading `file:line:column: message` (1-based).
public enum YAMLParser {
    /// Deepest nesting of sequences and mappings read (a config needs a handful of levels; the bound keeps a
    /// hostile file from overflowing the stack of the recursive reader).
    public static let maximumDepth = 64
    /// Largest file read, in bytes.
    public static let maximumFileBytes = 16 << 20

    /// Parses `text`; `file` is the name used in marks and errors. An empty document gives an empty mapping.
    public static func parse(_ text: String, file: String) throws -> YAMLNode {
        var reader = try EventReader(text: text, file: file)
        defer { reader.close() }
        return try reader.readDocument()
    }

    /// Reads and parses the file at `path`; a missing or unreadable file is a `SourceError` naming it.
    public static func parse(contentsOf path: String) throws -> YAMLNode {
        // Only regular files of bounded size: `extends: /dev/zero` must not read forever.
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let attributes {
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw SourceError(mark: nil, message: "not a regular file", file: path)
            }
            guard let size = attributes[.size] as? Int, size <= maximumFileBytes else {
                throw SourceError(mark: nil, message: "file is larger than \(maximumFileBytes) bytes", file: path)
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceError(mark: nil, message: "cannot read file", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SourceError(mark: nil, message: "file is not UTF-8 text", file: path)
        }
        return try parse(text, file: path)
    }
}

/// A parsed libyaml event, copied into Swift values.
private enum Event {
    case streamStart, streamEnd, documentStart, documentEnd
    case alias(anchor: String)
    case scalar(text: String, plain: Bool, anchor: String?)
    case sequenceStart(anchor: String?)
    case sequenceEnd
    case mappingStart(anchor: String?)
    case mappingEnd
}

/// Pulls events from a libyaml parser and assembles nodes.
private struct EventReader {
    let file: String
    let parser: UnsafeMutablePointer<yaml_parser_t>
    let bytes: UnsafeMutablePointer<UInt8>
    var anchors: [String: YAMLNode] = [:]

    init(text: String, file: String) throws {
        self.file = file
        let utf8 = Array(text.utf8)
        bytes = .allocate(capacity: max(utf8.count, 1))
        bytes.initialize(from: utf8, count: utf8.count)
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            bytes.deallocate()
            parser.deallocate()
            throw SourceError(mark: nil, message: "libyaml could not initialise a parser", file: file)
        }
        yaml_parser_set_input_string(parser, bytes, utf8.count)
    }

    func close() {
        yaml_parser_delete(parser)
        parser.deallocate()
        bytes.deallocate()
    }

    func mark(_ mark: yaml_mark_t) -> SourceMark {
        SourceMark(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int? = nil) -> String? {
        guard let pointer else { return nil }
        if let length {
            return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    /// The next event and its start mark; a libyaml error becomes a `SourceError` at the problem's position.
    mutating func next() throws -> (Event, SourceMark) {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            let problem = parser.pointee.problem.map { String(cString: $0) } ?? "syntax error"
            var message = problem
            if let context = parser.pointee.context.map({ String(cString: $0) }) {
                let at = mark(parser.pointee.context_mark)
                message += " (\(context) at line \(at.line), column \(at.column))"
            }
            throw SourceError(mark: mark(parser.pointee.problem_mark), message: "YAML syntax error: \(message)")
        }
        defer { yaml_event_delete(&event) }
        let at = mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return (.streamStart, at)
        case YAML_STREAM_END_EVENT: return (.streamEnd, at)
        case YAML_DOCUMENT_START_EVENT: return (.documentStart, at)
        case YAML_DOCUMENT_END_EVENT: return (.documentEnd, at)
        case YAML_ALIAS_EVENT:
            return (.alias(anchor: Self.string(event.data.alias.anchor) ?? ""), at)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = Self.string(scalar.value, length: Int(scalar.length)) ?? ""
            return (.scalar(text: text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE,
                            anchor: Self.string(scalar.anchor)), at)
        case YAML_SEQUENCE_START_EVENT:
            return (.sequenceStart(anchor: Self.string(event.data.sequence_start.anchor)), at)
        case YAML_SEQUENCE_END_EVENT: return (.sequenceEnd, at)
        case YAML_MAPPING_START_EVENT:
            return (.mappingStart(anchor: Self.string(event.data.mapping_start.anchor)), at)
        case YAML_MAPPING_END_EVENT: return (.mappingEnd, at)
        default:
            throw SourceError(mark: at, message: "YAML syntax error: unexpected event")
        }
    }

    mutating func readDocument() throws -> YAMLNode {
        var (event, at) = try next()
        guard case .streamStart = event else { throw SourceError(mark: at, message: "YAML: expected stream start") }
        (event, at) = try next()
        if case .streamEnd = event {
            return YAMLNode(.mapping([]), mark: SourceMark(file: file, line: 1, column: 1))
        }
        guard case .documentStart = event else {
            throw SourceError(mark: at, message: "YAML: expected a document")
        }
        let (first, firstMark) = try next()
        var root = try readNode(first, at: firstMark, depth: 0)
        if root.isNull { root = YAMLNode(.mapping([]), mark: root.mark) }
        (event, at) = try next()
        guard case .documentEnd = event else { throw SourceError(mark: at, message: "YAML: expected document end") }
        (event, at) = try next()
        guard case .streamEnd = event else {
            throw SourceError(mark: at, message: "YAML: only one document per file is supported")
        }
        return root
    }

    /// Reads the node starting with `event`, nested `depth` collections deep.
    mutating func readNode(_ event: Event, at: SourceMark, depth: Int) throws -> YAMLNode {
        if depth >= YAMLParser.maximumDepth {
            throw SourceError(mark: at, message: "YAML nested deeper than \(YAMLParser.maximumDepth) levels")
        }
        switch event {
        case .scalar(let text, let plain, let anchor):
            let node = YAMLNode(.scalar(text, plain: plain), mark: at)
            if let anchor { anchors[anchor] = node }
            return node
        case .alias(let anchor):
            guard var node = anchors[anchor] else {
                throw SourceError(mark: at, message: "YAML: unknown alias *\(anchor)")
            }
            node.mark = at
            return node
        case .sequenceStart(let anchor):
            var items: [YAMLNode] = []
            while true {
                let (item, itemMark) = try next()
                if case .sequenceEnd = item { break }
                items.append(try readNode(item, at: itemMark, depth: depth + 1))
            }
            let node = YAMLNode(.sequence(items), mark: at)
            if let anchor { anchors[anchor] = node }
            return node
        case .mappingStart(let anchor):
            var pairs: [YAMLNode.Pair] = []
            var seen: [String: SourceMark] = [:]
            while true {
                let (keyEvent, keyMark) = try next()
                if case .mappingEnd = keyEvent { break }
                let key = try readNode(keyEvent, at: keyMark, depth: depth + 1)
                guard let keyText = key.scalarText else {
                    throw SourceError(mark: keyMark, message: "mapping keys must be scalars, found \(key.kindDescription)")
                }
                if let previous = seen[keyText] {
                    throw SourceError(mark: keyMark, keyPath: keyText,
                                      message: "duplicate key (first set at line \(previous.line), column \(previous.column))")
                }
                seen[keyText] = keyMark
                let (valueEvent, valueMark) = try next()
                pairs.append(.init(key: key, value: try readNode(valueEvent, at: valueMark, depth: depth + 1)))
            }
            let node = YAMLNode(.mapping(pairs), mark: at)
            if let anchor { anchors[anchor] = node }
            return node
        default:
            throw SourceError(mark: at, message: "YAML: unexpected structure")
        }
    }
}
