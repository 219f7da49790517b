/// The execution plan as a directed acyclic graph of `JobNode`s, deduplicated by key.
///
/// Nodes keep the order in which they were first added; `topologicalOrder()` is stable with respect to it, so the
/// scheduler starts nodes in a predictable order (dependencies first, then insertion order).
public struct JobGraph: Sendable {
    /// The distinct nodes in insertion order.
    public private(set) var nodes: [JobNode] = []
    private var indexByKey: [String: Int] = [:]

    /// An empty graph.
    public init() {}

    /// A graph of the given nodes (duplicates by key merged), validated: throws on conflicts, missing dependencies
    /// and cycles.
    public init(nodes: [JobNode]) throws {
        for node in nodes { try add(node) }
        try validate()
    }

    /// Adds a node unless a node with the same key is already present. Returns true when the node is new.
    /// Throws `JobGraphError.conflictingNode` when the key is present with a different stage or dependencies, and
    /// `.invalidName` when the key or stage cannot name a folder.
    @discardableResult
    public mutating func add(_ node: JobNode) throws -> Bool {
        try Self.checkName(node.key)
        try Self.checkName(node.stage)
        if let index = indexByKey[node.key] {
            let existing = nodes[index]
            guard existing.stage == node.stage, Set(existing.dependencies) == Set(node.dependencies) else {
                throw JobGraphError.conflictingNode(key: node.key)
            }
            return false
        }
        indexByKey[node.key] = nodes.count
        nodes.append(node)
        return true
    }

    /// The number of distinct nodes.
    public var count: Int { nodes.count }

    /// The node with this key, if any.
    public func node(forKey key: String) -> JobNode? {
        indexByKey[key].map { nodes[$0] }
    }

    /// Number of nodes per stage name.
    public var countByStage: [String: Int] {
        nodes.reduce(into: [:]) { $0[$1.stage, default: 0] += 1 }
    }

    /// Keys of the nodes that depend directly on `key`, in insertion order.
    public func dependants(of key: String) -> [String] {
        nodes.filter { $0.dependencies.contains(key) }.map(\.key)
    }

    /// For every node, the largest sum of `costHint`s along a chain from it through its dependants (itself
    /// included): `c(v) = costHint(v) + max over dependants d of c(d)` (just `costHint(v)` without dependants).
    /// Keyed by node key.
    public func criticalPathCosts() throws -> [String: Double] {
        criticalPathCosts(along: try topologicalOrder())
    }

    /// `criticalPathCosts()` given the topological order.
    private func criticalPathCosts(along order: [JobNode]) -> [String: Double] {
        var dependants: [String: [String]] = [:]
        for node in nodes {
            for dependency in node.dependencies { dependants[dependency, default: []].append(node.key) }
        }
        var cost: [String: Double] = [:]
        for node in order.reversed() {
            let downstream = dependants[node.key, default: []].compactMap { cost[$0] }.max() ?? 0
            cost[node.key] = node.costHint + downstream
        }
        return cost
    }

    /// The topological order stably re-sorted by descending `criticalPathCosts()`: a node still follows every one
    /// of its dependencies (a dependency's chain includes its dependant's, so it costs strictly more as long as
    /// cost hints are positive; a non-positive hint falls back on the topological order).
    public func prioritizedOrder() throws -> [JobNode] {
        let order = try topologicalOrder()
        guard nodes.allSatisfy({ $0.costHint > 0 }) else { return order }
        let cost = criticalPathCosts(along: order)
        return order.enumerated().sorted { a, b in
            let ca = cost[a.element.key]!, cb = cost[b.element.key]!
            return ca != cb ? ca > cb : a.offset < b.offset
        }.map(\.element)
    }

    /// Throws when a dependency is missing or the dependencies form a cycle.
    public func validate() throws {
        _ = try topologicalOrder()
    }

    /// The nodes ordered so that every node comes after its dependencies; among nodes whose dependencies are all
    /// placed, insertion order decides (depth-first post-order over the insertion order).
    public func topologicalOrder() throws -> [JobNode] {
        for node in nodes {
            for dependency in node.dependencies where indexByKey[dependency] == nil {
                throw JobGraphError.missingDependency(node: node.key, dependency: dependency)
            }
        }
        // 0 = unvisited, 1 = on the current path, 2 = placed.
        var mark = [Int](repeating: 0, count: nodes.count)
        var order: [JobNode] = []
        order.reserveCapacity(nodes.count)
        for start in nodes.indices where mark[start] == 0 {
            // Iterative depth-first search: (node index, next dependency position).
            var stack: [(Int, Int)] = [(start, 0)]
            mark[start] = 1
            while let (index, position) = stack.last {
                let dependencies = nodes[index].dependencies
                if position < dependencies.count {
                    stack[stack.count - 1].1 += 1
                    let next = indexByKey[dependencies[position]]!
                    switch mark[next] {
                    case 0:
                        mark[next] = 1
                        stack.append((next, 0))
                    case 1:
                        var path = stack.map { nodes[$0.0].key }
                        if let first = path.firstIndex(of: nodes[next].key) { path.removeFirst(first) }
                        path.append(nodes[next].key)
                        throw JobGraphError.cycle(path)
                    default:
                        break
                    }
                } else {
                    stack.removeLast()
                    mark[index] = 2
                    order.append(nodes[index])
                }
            }
        }
        return order
    }

    static func checkName(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-"
        }
        guard !name.isEmpty, allowed, name != "locks", name != "logs" else { throw JobGraphError.invalidName(name) }
    }
}
