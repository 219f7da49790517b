import Foundation

extension ArtifactCache {
    /// The nodes of `nodes` that are not complete under their own key but whose parameters have a complete artifact
    /// made by other code: an artifact of the same stage whose `done.json` records the node's `parameterKey`, or, in
    /// a cache made before keys covered the code, an artifact whose key is the node's `parameterKey`. Those
    /// artifacts are not reused (their numbers may differ from what this code computes); the nodes run again.
    /// Returns, per such node key, the code identity its cached artifact recorded (`unrecordedIdentity` for an older
    /// cache).
    /// Reads every `done.json` of the stages involved once (not verified against the files).
    public func otherCodeArtifacts(for nodes: [JobNode]) -> [String: String] {
        let candidates = nodes.filter { $0.parameterKey != nil && $0.parameterKey != $0.key }
        guard !candidates.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for stage in Set(candidates.map(\.stage)) {
            let index = parameterKeyIndex(stage: stage)
            for node in candidates where node.stage == stage {
                guard let parameterKey = node.parameterKey, let records = index[parameterKey],
                      let other = records.first(where: { $0.key != node.key }),
                      !isComplete(stage: stage, key: node.key) else { continue }
                result[node.key] = other.codeIdentity ?? Self.unrecordedIdentity
            }
        }
        return result
    }

    /// How `otherCodeArtifacts` names the code of an artifact whose done.json records none (an f2lm whose keys
    /// covered no code).
    public static let unrecordedIdentity = "an f2lm whose keys covered no code"

    /// The complete artifacts of `stage` by parameter key (a record's `parameterKey`, or its key when it records
    /// none).
    func parameterKeyIndex(stage: String) -> [String: [CompletionRecord]] {
        let folder = stageDirectory(stage)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [:] }
        var index: [String: [CompletionRecord]] = [:]
        for entry in entries.sorted() where !entry.hasPrefix(".") && !entry.hasSuffix(".json") {
            guard let record = completionRecord(stage: stage, key: entry) else { continue }
            index[record.parameterKey ?? record.key, default: []].append(record)
        }
        return index
    }

    /// One line for `f2lm status` and `f2lm run --dry-run`: how many of `nodes` have a cached artifact made by
    /// other code (nil when none), per stage in the order of `nodes`, with the code identities found.
    public func otherCodeSummary(for nodes: [JobNode]) -> String? {
        let found = otherCodeArtifacts(for: nodes)
        guard !found.isEmpty else { return nil }
        var stageOrder: [String] = []
        var counts: [String: Int] = [:]
        for node in nodes where found[node.key] != nil {
            if counts[node.stage] == nil { stageOrder.append(node.stage) }
            counts[node.stage, default: 0] += 1
        }
        let stages = stageOrder.map { "\($0) \(counts[$0]!)" }.joined(separator: ", ")
        let identities = Set(found.values).sorted()
        let shown = identities.prefix(3).joined(separator: "; ") + (identities.count > 3 ? "; …" : "")
        return "\(found.count) cached artifact(s) came from other code (\(stages); same parameters, made by \(shown)): "
            + "not reused, their nodes run again"
    }
}
