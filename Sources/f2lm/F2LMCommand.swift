import ArgumentParser

/// The `f2lm` command line: one subcommand per file, each thin over the library targets.
@main
struct F2LMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "f2lm",
        abstract: "Reproduce and extend the F2LM + Destroyer ablation study.",
        subcommands: [PlanCommand.self, EvalCommand.self, CompareCommand.self, TablesCommand.self, DataCommand.self,
                      SlurmCommand.self, StatusCommand.self, NodeCommand.self])
}
