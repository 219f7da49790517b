/// Whether the completed nodes of a graph computed with different kernels (oneDNN instruction set, OpenBLAS core),
/// as their `done.json` records say: such tables mix numerics that no single machine reproduces bit for bit.
public enum KernelMix {
    /// The number of completed nodes per kernels description (`CompletionRecord.kernels`), records without one
    /// left out.
    public static func kernelsCount(graph: JobGraph, cache: ArtifactCache) -> [String: Int] {
        var counts: [String: Int] = [:]
        for node in graph.nodes {
            guard let kernels = cache.completionRecord(stage: node.stage, key: node.key)?.kernels else { continue }
            counts[kernels, default: 0] += 1
        }
        return counts
    }

    /// A warning naming each kernels description and its node count when the graph's nodes used more than one,
    /// else `nil`.
    public static func warning(graph: JobGraph, cache: ArtifactCache) -> String? {
        let counts = kernelsCount(graph: graph, cache: cache)
        guard counts.count > 1 else { return nil }
        let listed = counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) node(s)" }.joined(separator: "; ")
        return "warning: the nodes behind these tables ran on different kernels (\(listed)); their numbers are not "
            + "bit-reproducible on any one machine. Rerun with --portable-numerics (the default on Slurm) for "
            + "results that do not depend on the CPU."
    }
}
