import ArgumentParser
import TensorCore

/// The `f2lm` command line: one subcommand per file, each thin over the library targets.
@main
struct F2LMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "f2lm",
        abstract: "Reproduce and extend the F2LM + Destroyer ablation study.",
        subcommands: [PlanCommand.self, RunCommand.self, EvalCommand.self, CompareCommand.self, TablesCommand.self,
                      DataCommand.self, ReportCommand.self,
                      SlurmCommand.self, StatusCommand.self, NodeCommand.self])

    /// Re-executes with `OMP_WAIT_POLICY=PASSIVE` and a short `GOMP_SPINCOUNT` when no policy is set (OpenMP
    /// threads spinning for milliseconds make training up to 8× slower on 2 cores; see `OpenMPWaitPolicy`), and
    /// with `PortableNumerics.environment` when `--portable-numerics` is given or `F2LM_PORTABLE_NUMERICS=1` is set
    /// (the libraries read it when loaded), then parses the arguments and runs the subcommand.
    static func main() {
        OpenMPWaitPolicy.ensurePassive(portableNumerics: PortableNumerics.isRequested())
        main(nil)
    }
}
