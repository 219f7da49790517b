extension YAMLNode {
    /// An empty mapping at `mark`.
    public static func emptyMapping(at mark: SourceMark) -> YAMLNode {
        YAMLNode(.mapping([]), mark: mark)
    }

    /// Deep merge: entries of `overlay` replace those of `self` key by key; where both sides hold a mapping the
    /// merge recurses, anything else (scalars, lists) is replaced whole. Marks follow the winning node, so an
    /// error about a merged value points at the file that set it.
    public func merged(with overlay: YAMLNode) -> YAMLNode {
        guard var pairs = mappingPairs, let overlayPairs = overlay.mappingPairs else { return overlay }
        for entry in overlayPairs {
            let key = entry.key.scalarText ?? ""
            if let index = pairs.firstIndex(where: { $0.key.scalarText == key }) {
                pairs[index].value = pairs[index].value.merged(with: entry.value)
            } else {
                pairs.append(entry)
            }
        }
        return YAMLNode(.mapping(pairs), mark: mark)
    }

    /// Sets `value` at the dotted `path` (e.g. `["destroyer", "lambda"]`), creating intermediate mappings that
    /// carry `keyMark`; a mapping value is deep-merged into an existing mapping, anything else replaces.
    public func setting(path: [String], to value: YAMLNode, keyMark: SourceMark) -> YAMLNode {
        guard let first = path.first else { return merged(with: value) }
        var pairs = mappingPairs ?? []
        let rest = Array(path.dropFirst())
        if let index = pairs.firstIndex(where: { $0.key.scalarText == first }) {
            let existing = pairs[index].value
            let base = rest.isEmpty || existing.mappingPairs != nil ? existing : .emptyMapping(at: keyMark)
            pairs[index].value = rest.isEmpty
                ? (existing.mappingPairs != nil && value.mappingPairs != nil ? existing.merged(with: value) : value)
                : base.setting(path: rest, to: value, keyMark: keyMark)
        } else {
            let child = rest.isEmpty ? value : YAMLNode.emptyMapping(at: keyMark).setting(path: rest, to: value, keyMark: keyMark)
            pairs.append(.init(key: .scalar(first, at: keyMark), value: child))
        }
        return YAMLNode(.mapping(pairs), mark: mappingPairs == nil ? keyMark : mark)
    }

    /// The node at the dotted `path`, or `nil` when some component is missing.
    public func node(at path: [String]) -> YAMLNode? {
        var current = self
        for component in path {
            guard let next = current[component] else { return nil }
            current = next
        }
        return current
    }

    /// The key node of the last component of `path` (its position is where a key was written), or `nil`.
    public func keyNode(at path: [String]) -> YAMLNode? {
        guard let last = path.last, let parent = node(at: Array(path.dropLast())) else { return nil }
        return parent.mappingPairs?.first(where: { $0.key.scalarText == last })?.key
    }

    /// The mapping without the entries whose keys are in `keys`.
    public func removingKeys(_ keys: Set<String>) -> YAMLNode {
        guard let pairs = mappingPairs else { return self }
        return YAMLNode(.mapping(pairs.filter { !keys.contains($0.key.scalarText ?? "") }), mark: mark)
    }
}
