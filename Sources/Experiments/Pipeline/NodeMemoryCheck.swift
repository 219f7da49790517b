import F2LM
import Foundation
import JobRunner

/// The memory check of a plan before it runs: the estimate of every node (`NodeMemoryEstimate`), the largest, and
/// the refusal of a plan whose largest node needs more than the memory a node gets.
public struct NodeMemoryCheck: Sendable {
    /// The node with the largest estimate: its stage, label, key and estimate.
    public var largest: (node: JobNode, estimate: NodeMemoryEstimate)?

    /// The largest estimate of each stage, in stage order.
    public var largestPerStage: [(node: JobNode, estimate: NodeMemoryEstimate)]

    /// Estimates every node of `graph`.
    public init(graph: PipelineGraph) {
        var perStage: [PipelineStage: (node: JobNode, estimate: NodeMemoryEstimate)] = [:]
        for node in graph.graph.nodes {
            guard let stage = PipelineStage(rawValue: node.stage), let config = graph.configs[node.key] else { continue }
            let estimate = NodeMemoryEstimate(stage: stage, config: config)
            if perStage[stage].map({ estimate.totalBytes > $0.estimate.totalBytes }) ?? true { perStage[stage] = (node, estimate) }
        }
        largestPerStage = PipelineStage.allCases.compactMap { perStage[$0] }
        largest = largestPerStage.max { $0.estimate.totalBytes < $1.estimate.totalBytes }
    }

    /// One line per stage: the largest estimate of the stage, in MiB.
    public var perStageSummary: String {
        "memory estimate, largest node per stage: " + largestPerStage.map {
            "\($0.node.stage) \(formatBytes($0.estimate.totalBytes))"
        }.joined(separator: ", ")
    }

    /// One line describing the largest node: "largest node: generator walkway seed 0 ≈ 312 MiB (parameters and
    /// optimiser 3.1 MiB, activations 40 MiB, data 18 MiB, memo 0 B, runtime 96 MiB)".
    public var summary: String {
        guard let (node, estimate) = largest else { return "largest node: none" }
        return "largest node (memory estimate): \(node.label) ≈ \(formatBytes(estimate.totalBytes)) "
            + "(parameters and optimiser \(formatBytes(estimate.parameterBytes)), activations "
            + "\(formatBytes(estimate.activationBytes)), data \(formatBytes(estimate.dataBytes)), generator outputs kept "
            + "\(formatBytes(estimate.memoBytes)), runtime \(formatBytes(estimate.runtimeBytes)))"
    }

    /// Throws `NodeMemoryError` when a node needs more than `limit` bytes (`limitSource` says where the limit comes
    /// from, e.g. "physical memory" or "--mem 8G"), naming the first such node in stage order (the one that would
    /// fail first) with its estimate and the keys behind it.
    public func check(limit: Int, limitSource: String) throws {
        let over = largestPerStage.filter { $0.estimate.totalBytes > limit }
        guard let (node, estimate) = over.first else { return }
        let others = over.dropFirst().map { "\($0.node.stage) \(formatBytes($0.estimate.totalBytes))" }
        throw NodeMemoryError(message: "node \(node.label) needs about \(formatBytes(estimate.totalBytes)) "
            + "but a node has \(formatBytes(limit)) (\(limitSource)); nothing was run.\n  "
            + "estimate: parameters and optimiser \(formatBytes(estimate.parameterBytes)), activations "
            + "\(formatBytes(estimate.activationBytes)), data \(formatBytes(estimate.dataBytes)), generator outputs kept "
            + "\(formatBytes(estimate.memoBytes)), runtime \(formatBytes(estimate.runtimeBytes))"
            + (others.isEmpty ? "" : "\n  also over: the largest " + others.joined(separator: ", ")) + "\n  the estimate grows with "
            + estimate.drivingKeys.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            + ": lower them (e.g. --set \(estimate.drivingKeys.first?.key ?? "model.width")=…)")
    }

    /// The bytes of a Slurm `--mem` value (`8G`, `500M`, `16000` in MiB; suffixes K, M, G, T), nil when unreadable.
    public static func slurmMemoryBytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let last = trimmed.last, let unit = units[last], let value = Double(trimmed.dropLast()), value > 0 {
            return Int(value * Double(unit))
        }
        if let value = Double(trimmed), value > 0 { return Int(value * Double(1 << 20)) }
        return nil
    }
}

/// A plan refused because a node needs more memory than a node has.
public struct NodeMemoryError: Error, LocalizedError, CustomStringConvertible {
    /// The explanation, with the estimate and the keys behind it.
    public var message: String
    public var errorDescription: String? { message }
    public var description: String { message }
}
