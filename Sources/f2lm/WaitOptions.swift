import ArgumentParser
import Experiments
import JobRunner

/// `--wait` and `--interval`, shared by the commands that can follow a Slurm submission.
struct WaitOptions: ParsableArguments {
    @Flag(help: "Wait until the Slurm jobs leave the queue, printing the status table whenever it changes.")
    var wait = false
    @Option(help: "With --wait: seconds between polls of the queue (at least 0.1).")
    var interval: Double = 5

    func validate() throws {
        do { try SlurmExecutor.checkPollInterval(interval) } catch { throw ValidationError("\(error)") }
    }
}
