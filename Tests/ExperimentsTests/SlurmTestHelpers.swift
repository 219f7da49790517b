@testable import Experiments
import Foundation
@testable import JobRunner

/// A `SlurmCommandRunner` answering from canned output and recording every call; `sbatch` returns job ids
/// counting up from `firstJobID`.
final class FakeSlurm: SlurmCommandRunner, @unchecked Sendable {
    // Safe to share: every property is accessed under `lock`.
    private let lock = NSLock()
    private var calls: [[String]] = []
    private var nextJob: Int
    var squeue: String
    var sacct: (Int32, String)
    var config: String

    init(firstJobID: Int = 100, squeue: String = "", sacct: (Int32, String) = (1, "Slurm accounting storage is disabled"),
         config: String = "MaxArraySize            = 1001\n") {
        self.nextJob = firstJobID
        self.squeue = squeue
        self.sacct = sacct
        self.config = config
    }

    var recorded: [[String]] { lock.lock(); defer { lock.unlock() }; return calls }

    func run(_ command: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        lock.lock()
        defer { lock.unlock() }
        calls.append([command] + arguments)
        switch command {
        case "sbatch": nextJob += 1; return (0, "\(nextJob - 1)\n")
        case "squeue": return (0, squeue)
        case "sacct": return sacct
        case "scontrol": return (0, config)
        default: return (127, "\(command): not found")
        }
    }
}
