import ArgumentParser
import Experiments
import Foundation
import JobRunner

/// `f2lm plan FILE... [--set k=v]... [--scale NAME] [--format table|csv|json]`: prints the expanded grid of
/// runs (row, dataset, seed, what differs from the base, run hash) and the number of distinct stage nodes.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Expand experiment specs into their runs, without running anything.")

    @OptionGroup var input: PlanInputOptions

    @Option(help: "Output format: table, csv or json.")
    var format: PlanFormatter.Format = .table

    @Option(help: "Also write the resolved plan (plan.json, read by status and the Slurm tasks) into this folder.")
    var results: String?

    func run() throws {
        try reportingUserErrors {
            let plan = try input.plan()
            print(PlanFormatter.render(plan, format: format), terminator: "")
            if format == .table {
                let memory = NodeMemoryCheck(graph: try PipelineGraph(runs: plan.runs))
                print(memory.summary + "\n" + memory.perStageSummary)
            }
            if let results {
                try PlanDocument(runs: plan.runs, files: absoluteSpecPaths(input.files), options: input.planOptions)
                    .writeMerging(into: URL(fileURLWithPath: results))
            }
        }
    }
}
