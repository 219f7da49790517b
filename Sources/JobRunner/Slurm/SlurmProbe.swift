import Foundation

/// A synthetic job graph for checking a Slurm setup end to end without training anything: `levels` levels of
/// `width` nodes named like the pipeline's stages (dataset, generator, destroyer, scores, evaluation, then
/// `levelN`); node i of level l > 0 depends on nodes i and (i+1) mod width of level l−1. Each node writes
/// `value.txt` = SHA-256 of its key and its dependencies' values (in dependency order), after sleeping `seconds`,
/// so a wrong dependency order or a missing artifact changes the final values (`expectedValues`).
public struct SlurmProbe: Sendable, Codable, Equatable {
    /// Nodes per level (≥ 1).
    public var width: Int
    /// Number of levels (≥ 1).
    public var levels: Int
    /// Seconds each node sleeps before writing its value (to observe running tasks, or cancel one).
    public var seconds: Double
    /// Salt of the node keys: probes with different salts share no cache entry.
    public var salt: String

    /// Creates a probe description.
    public init(width: Int, levels: Int, seconds: Double = 0, salt: String = "probe") {
        self.width = width
        self.levels = levels
        self.seconds = seconds
        self.salt = salt
    }

    /// The stage name of level `level`.
    public static func stageName(level: Int) -> String {
        let names = ["dataset", "generator", "destroyer", "scores", "evaluation"]
        return level < names.count ? names[level] : "level\(level)"
    }

    /// The key of node `index` of `level`: SHA-256 of `probe/<salt>/<level>/<index>`.
    public func key(level: Int, index: Int) -> String { SHA256.hex("probe/\(salt)/\(level)/\(index)") }

    /// The graph; throws `SlurmError.invalidOption` for a width or level count below 1.
    public func graph() throws -> JobGraph {
        guard width >= 1, levels >= 1, seconds >= 0 else {
            throw SlurmError.invalidOption("probe: width and levels must be at least 1 and seconds not negative")
        }
        var nodes: [JobNode] = []
        for level in 0..<levels {
            for index in 0..<width {
                let dependencies = level == 0 ? [] :
                    Array(Set([key(level: level - 1, index: index), key(level: level - 1, index: (index + 1) % width)]))
                        .sorted()
                nodes.append(JobNode(key: key(level: level, index: index), stage: Self.stageName(level: level),
                                     dependencies: dependencies, label: "probe level \(level) node \(index)"))
            }
        }
        return try JobGraph(nodes: nodes)
    }

    /// The executor that writes each node's `value.txt`.
    public func executor() -> any NodeExecutor { Executor(seconds: seconds) }

    /// The values every node should hold, computed here without any cache.
    public func expectedValues() throws -> [String: String] {
        var values: [String: String] = [:]
        for node in try graph().topologicalOrder() {
            values[node.key] = Self.value(key: node.key, dependencyValues: node.dependencies.map { values[$0]! })
        }
        return values
    }

    /// The values stored in `cache` (nil for nodes without a complete artifact).
    public func cachedValues(cache: ArtifactCache) throws -> [String: String?] {
        var values: [String: String?] = [:]
        for node in try graph().nodes {
            let url = cache.artifactDirectory(stage: node.stage, key: node.key).appendingPathComponent("value.txt")
            values[node.key] = cache.isComplete(stage: node.stage, key: node.key)
                ? (try? String(contentsOf: url, encoding: .utf8)) : nil
        }
        return values
    }

    static func value(key: String, dependencyValues: [String]) -> String {
        SHA256.hex(([key] + dependencyValues).joined(separator: "\n"))
    }

    struct Executor: NodeExecutor {
        var seconds: Double

        func run(_ node: JobNode, in context: NodeContext) throws {
            var remaining = seconds
            while remaining > 0 {
                try context.checkCancellation()
                Thread.sleep(forTimeInterval: min(0.2, remaining))
                remaining -= 0.2
            }
            let values = try node.dependencies.map { key -> String in
                guard let folder = context.dependencyDirectories[key] else { throw SlurmError.unknownNode(key) }
                return try String(contentsOf: folder.appendingPathComponent("value.txt"), encoding: .utf8)
            }
            let value = SlurmProbe.value(key: node.key, dependencyValues: values)
            context.log.write("probe \(node.label): \(value)")
            try value.write(to: context.outputDirectory.appendingPathComponent("value.txt"), atomically: true, encoding: .utf8)
        }
    }
}
