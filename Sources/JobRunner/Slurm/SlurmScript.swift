/// The sbatch script of one level: maps `<prefix>_TASK_OFFSET + SLURM_ARRAY_TASK_ID` to a node key through the
/// level's keys file, records start and exit in `tasks/`, and runs the program's node command for that key
/// (`SlurmProgram`, e.g. `f2lm node run KEY --manifest plan.json`).
public enum SlurmScript {
    /// Quotes a string for a POSIX shell (single quotes, `'` written as `'\''`).
    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The script text of `level` of `manifest`, whose tasks run `program`.
    public static func text(manifest: SlurmSubmission, level: Int, program: SlurmProgram) -> String {
        let stages = manifest.levels[level].stages.joined(separator: "+")
        let offset = program.taskOffsetVariable
        var lines = ["#!/bin/bash",
                     "#SBATCH --job-name=\(program.name)-L\(level)-\(stages)",
                     "#SBATCH --output=\(manifest.logsDirectory.path)/%A_%a.out",
                     "#SBATCH --kill-on-invalid-dep=yes"]
        lines += manifest.options.directives.map { "#SBATCH \($0)" }
        lines += [
            "# \(program.name) submission \(manifest.id), level \(level) (\(stages)): \(manifest.levels[level].keys.count) node(s).",
            "# Submitted as one array per chunk: sbatch --array=0-(n-1) --export=ALL,\(offset)=offset.",
            "set -u",
        ]
        lines += program.preamble
        lines += [
            "index=$(( ${\(offset):-0} + SLURM_ARRAY_TASK_ID ))",
            "key=$(sed -n \"$(( index + 1 ))p\" \(quote(manifest.keysFile(level: level).path)))",
            "if [ -z \"$key\" ]; then echo \"\(program.name): no node for task $index\" >&2; exit 2; fi",
            "tasks=\(quote(manifest.tasksDirectory.path))",
            "rm -f \"$tasks/$key.exit\"",
            "echo \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} $(hostname -s) $(date -u +%Y-%m-%dT%H:%M:%SZ)\" > \"$tasks/$key.start\"",
            "echo \"\(program.name) node $key (task $index) on $(hostname -s)\"",
            "child=",
            "trap 'echo \"signal TERM\" > \"$tasks/$key.exit\"; [ -n \"$child\" ] && kill -TERM \"$child\" 2>/dev/null; exit 143' TERM",
            "cd \(quote(manifest.workingDirectory)) || exit 1",
            ([quote(manifest.executable)] + program.nodeSubcommand).joined(separator: " ")
                + " \"$key\" --manifest \(quote(manifest.file.path)) &",
            "child=$!",
            "wait \"$child\"",
            "status=$?",
            // A node killed by a signal (scancel signals the task's processes one by one, so the child may die before
            // this shell's own trap runs) is recorded as the signal, not as its shell status 128 + n.
            "record=$status",
            "if [ \"$status\" -gt 128 ]; then record=\"signal $(kill -l $(( status - 128 )) 2>/dev/null || echo $(( status - 128 )))\"; fi",
            "echo \"$record\" > \"$tasks/$key.exit\"",
            "exit \"$status\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The sbatch arguments that submit `chunk` of a level: `--parsable --array=0-(n-1)[%K]`, the offset (in
    /// `program`'s offset variable), the dependency on the previous level's arrays (afterok), then the script.
    public static func submitArguments(chunk: SlurmSubmission.Chunk, arrayLimit: Int?, dependencies: [String],
                                       script: String, program: SlurmProgram) -> [String] {
        var arguments = ["--parsable", "--array=0-\(chunk.count - 1)" + (arrayLimit.map { "%\($0)" } ?? ""),
                         "--export=ALL,\(program.taskOffsetVariable)=\(chunk.offset)"]
        if !dependencies.isEmpty {
            arguments.append("--dependency=afterok:" + dependencies.joined(separator: ":"))
        }
        arguments.append(script)
        return arguments
    }
}
