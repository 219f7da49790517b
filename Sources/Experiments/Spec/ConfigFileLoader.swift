import Foundation
import YAML

/// Loads config files (`defaults.yaml`, scale presets, anything named by `extends`): each is a mapping of
/// config keys, optionally with `extends: [file, ...]` naming files relative to itself that are deep-merged
/// first, in order, later winning; the file's own keys win over all of them. Cycles and missing files are
/// errors at the `extends` entry that names them.
public enum ConfigFileLoader {
    /// The directory part of `path` (`.` when there is none).
    static func directory(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path
    }

    /// `name` resolved against `directory` unless absolute, written as the user would read it.
    static func resolve(_ name: String, relativeTo directory: String) -> String {
        if name.hasPrefix("/") { return name }
        if directory.isEmpty || directory == "." { return name }
        return (directory as NSString).appendingPathComponent(name)
    }

    /// The absolute, symlink-free form of `path`, for cycle detection.
    static func identity(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Reads the `extends` list of `node` (a string or a list of strings).
    static func extendsEntries(of node: YAMLNode) throws -> [(name: String, mark: SourceMark)] {
        guard let value = node["extends"] else { return [] }
        if let text = value.scalarText, !value.isNull { return [(text, value.mark)] }
        guard let items = value.sequenceItems else {
            throw SourceError(mark: value.mark, keyPath: "extends",
                              message: "expected a file name or a list of file names, found \(value.kindDescription)")
        }
        return try items.enumerated().map { index, item in
            guard let text = item.scalarText, !item.isNull else {
                throw SourceError(mark: item.mark, keyPath: "extends[\(index)]",
                                  message: "expected a file name, found \(item.kindDescription)")
            }
            return (text, item.mark)
        }
    }

    /// Merges the files named by `node`'s `extends` (relative to `file`), recursively; `chain` holds the files
    /// being loaded, outermost first, for cycle detection.
    static func mergedExtends(of node: YAMLNode, file: String, chain: [String]) throws -> YAMLNode? {
        var merged: YAMLNode?
        for (name, mark) in try extendsEntries(of: node) {
            let path = resolve(name, relativeTo: directory(of: file))
            let loaded = try load(path, namedAt: mark, chain: chain)
            merged = merged.map { $0.merged(with: loaded) } ?? loaded
        }
        return merged
    }

    /// Loads the config file at `path` with its extends chain resolved (the `extends` key removed).
    public static func load(_ path: String) throws -> YAMLNode {
        try load(path, namedAt: nil, chain: [])
    }

    static func load(_ path: String, namedAt mark: SourceMark?, chain: [String]) throws -> YAMLNode {
        let id = identity(path)
        if chain.contains(id) {
            let cycle = (chain.drop(while: { $0 != id }) + [id]).map { URL(fileURLWithPath: $0).lastPathComponent }
            throw SourceError(mark: mark, keyPath: "extends",
                              message: "extends cycle: " + cycle.joined(separator: " → "), file: path)
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw SourceError(mark: mark, keyPath: mark == nil ? "" : "extends",
                              message: "file '\(path)' does not exist", file: path)
        }
        let node = try YAMLParser.parse(contentsOf: path)
        guard node.mappingPairs != nil else {
            throw SourceError(mark: node.mark, message: "expected a mapping of config keys, found \(node.kindDescription)")
        }
        let own = node.removingKeys(["extends"])
        guard let base = try mergedExtends(of: node, file: path, chain: chain + [id]) else { return own }
        return base.merged(with: own)
    }
}
