/// Splits the nodes of a job graph that still need to run into levels (one job array each) and chunks.
public enum SlurmLevels {
    /// Depth of every node: 0 for a node without dependencies, else 1 + the largest depth of its dependencies.
    public static func depths(of graph: JobGraph) throws -> [String: Int] {
        var depth: [String: Int] = [:]
        for node in try graph.topologicalOrder() {
            depth[node.key] = node.dependencies.map { depth[$0]! + 1 }.max() ?? 0
        }
        return depth
    }

    /// The keys to submit, grouped by depth (empty depths dropped), each group in the graph's topological order.
    /// Nodes for which `isComplete` is true are left out; so are, when `only` is given, nodes not in `only`.
    /// Every node left out must be complete or run by an earlier level, so depth order is enough: level N's arrays
    /// depend (afterok) on level N−1's, and through them on all earlier levels.
    public static func levels(of graph: JobGraph, isComplete: (JobNode) -> Bool) throws -> [[JobNode]] {
        let depth = try depths(of: graph)
        var groups: [Int: [JobNode]] = [:]
        for node in try graph.topologicalOrder() where !isComplete(node) {
            groups[depth[node.key]!, default: []].append(node)
        }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// Chunks of at most `maxArraySize` tasks covering `count` tasks: (offset, count) pairs. Slurm task ids must be
    /// below MaxArraySize, so each chunk is submitted as `--array=0-(count-1)` with its offset in the environment.
    public static func chunks(count: Int, maxArraySize: Int) -> [(offset: Int, count: Int)] {
        precondition(maxArraySize >= 1, "SlurmLevels.chunks: maxArraySize must be at least 1")
        return stride(from: 0, to: count, by: maxArraySize).map { ($0, min(maxArraySize, count - $0)) }
    }
}
