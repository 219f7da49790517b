import ArgumentParser
import Experiments
import Foundation
import JobRunner

extension NodeIsolation: ExpressibleByArgument {}
extension NodeMemoryError: UserFacingError {}

extension RunCommand {
    /// Checks `--isolation` and `--node-timeout` against each other and the executor.
    func validateIsolation() throws {
        guard let nodeTimeout else { return }
        guard nodeTimeout > 0 else { throw ValidationError("--node-timeout must be positive, got \(nodeTimeout)") }
        if executor == .slurm { throw ValidationError("--node-timeout is for local runs (with Slurm, give --time)") }
        if isolation == .none { throw ValidationError("--node-timeout needs worker processes (--isolation dataset, generator or node)") }
    }

    /// Sets the pipeline's worker processes from `--isolation` and `--node-timeout`: `f2lm node serve` of this
    /// executable, with this run's cache and TensorBoard settings.
    func isolate(_ pipeline: inout PipelineRun) {
        pipeline.isolation = isolation
        pipeline.nodeTimeout = nodeTimeout
        guard isolation != .none else { return }
        var command = [Self.executablePath(), "node", "serve", "--cache", pipeline.cache.root.path]
        if let tensorBoard = pipeline.tensorBoard {
            command += ["--tensorboard", tensorBoard.root.path, "--tensorboard-images-every", String(tensorBoard.imageEvery)]
        }
        pipeline.workerCommand = command
    }

    /// The path of the running executable (`/proc/self/exe` resolved), else the first argument.
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return URL(fileURLWithPath: CommandLine.arguments[0]).path
    }
}

extension RunCommand {
    /// Refuses the plan when its largest node needs more memory than a node gets: this machine's physical memory
    /// for a local run, `--mem` for a Slurm run (no check under Slurm without `--mem`).
    func checkMemory(_ plan: Plan) throws {
        let check = NodeMemoryCheck(graph: try PipelineGraph(runs: plan.runs))
        if executor == .slurm {
            guard let text = slurm.options.memory else { return }
            guard let limit = NodeMemoryCheck.slurmMemoryBytes(text) else {
                throw UserError("--mem \(text): not a memory size (e.g. 8G, 500M)")
            }
            try check.check(limit: limit, limitSource: "--mem \(text)")
        } else {
            try check.check(limit: Int(clamping: ProcessInfo.processInfo.physicalMemory),
                            limitSource: "the physical memory of this machine")
        }
    }
}
