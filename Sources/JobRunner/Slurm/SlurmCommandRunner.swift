import Foundation

/// Runs Slurm's commands (`sbatch`, `squeue`, `sacct`, `scontrol`, `scancel`); a protocol so tests can answer
/// with canned output.
public protocol SlurmCommandRunner: Sendable {
    /// Runs `command` with `arguments`; returns its exit status and standard output + standard error.
    func run(_ command: String, _ arguments: [String]) throws -> (status: Int32, output: String)
}

/// Runs the commands as processes found on `PATH`.
public struct ProcessSlurmRunner: SlurmCommandRunner {
    /// Creates a runner.
    public init() {}

    /// Starts `/usr/bin/env command arguments…`, waits, and returns its status and output.
    public func run(_ command: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            throw SlurmError.command(command, status: -1, output: "cannot start: \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension SlurmCommandRunner {
    /// Runs the command and returns its output; throws `SlurmError.command` on a non-zero exit.
    public func checked(_ command: String, _ arguments: [String]) throws -> String {
        let (status, output) = try run(command, arguments)
        guard status == 0 else {
            throw SlurmError.command(([command] + arguments).joined(separator: " "), status: status,
                                     output: output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output
    }

    /// MaxArraySize from `scontrol show config` (1001 when the line is missing). A value below 1 (job arrays
    /// disabled) is an error: every submission of this executor is a job array.
    public func maxArraySize() throws -> Int {
        try SlurmQueue.parseMaxArraySize(try checked("scontrol", ["show", "config"])) ?? 1001
    }
}
