import ArgumentParser
import Experiments
import Foundation
import JobRunner

/// `f2lm plan FILE... [--set k=v]... [--scale NAME] [--format table|csv|json]`: prints the expanded grid of
/// runs (row, dataset, seed, what differs from the base, run hash) and the number of distinct stage nodes.
/// `f2lm plan --power results/<spec> [--delta D]` sizes a new run from a finished one instead (`PowerPlan`).
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Expand experiment specs into their runs, without running anything.")

    @OptionGroup var input: PlanInputOptions

    @Option(help: "Output format: table, csv or json.")
    var format: PlanFormatter.Format = .table

    @Option(help: "Also write the resolved plan (plan.json, read by status and the Slurm tasks) into this folder.")
    var results: String?

    @Option(help: "Instead of expanding specs: from a finished results folder (results/<spec>), the seeds and test videos a new run needs to resolve --delta (docs/statistics.md).")
    var power: String?

    @Option(help: "With --power: the AUC difference to resolve, in points (e.g. 0.5).")
    var delta: Double = 1.0

    func validate() throws {
        if power != nil && !(delta > 0 && delta < 100) {
            throw ValidationError("--delta must be an AUC difference in points in (0, 100), got \(delta)")
        }
    }

    func run() throws {
        try reportingUserErrors {
            if let power {
                print(try PowerPlan(folder: URL(fileURLWithPath: power), delta: delta / 100).render(), terminator: "")
                return
            }
            let plan = try input.plan()
            print(PlanFormatter.render(plan, format: format), terminator: "")
            if format == .table {
                let memory = NodeMemoryCheck(graph: try PipelineGraph(runs: plan.runs))
                print(memory.summary + "\n" + memory.perStageSummary)
            }
            if let results {
                try PlanDocument(plan: plan, files: absoluteSpecPaths(input.files), options: input.planOptions)
                    .writeMerging(into: URL(fileURLWithPath: results))
            }
        }
    }
}
