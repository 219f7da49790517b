/// A malformed job graph: these are programmer errors of the plan builder, reported as thrown errors so the command
/// line can print them instead of crashing.
public enum JobGraphError: Error, Equatable, CustomStringConvertible {
    /// A key or stage name that cannot name a folder (empty, or characters other than letters, digits, `_`, `-`).
    case invalidName(String)
    /// Two nodes with the same key but different stage or dependencies (a hash collision or a plan-builder bug).
    case conflictingNode(key: String)
    /// A node depends on a key that is not in the graph.
    case missingDependency(node: String, dependency: String)
    /// The dependencies form a cycle; the keys along it, first key repeated at the end.
    case cycle([String])

    /// A one-line explanation naming the keys involved.
    public var description: String {
        switch self {
        case .invalidName(let name): return "invalid key or stage name '\(name)' (letters, digits, '_' and '-' only)"
        case .conflictingNode(let key): return "two different nodes share the key \(key)"
        case .missingDependency(let node, let dependency): return "node \(node) depends on \(dependency), which is not in the graph"
        case .cycle(let keys): return "dependency cycle: \(keys.joined(separator: " → "))"
        }
    }
}
