import Foundation

/// Hands a job graph to Slurm: one job array per stage level, each level `afterok` on the previous one, each task
/// running one node through the program's node command (`SlurmProgram`; `f2lm node run KEY --manifest
/// <cache>/slurm/<id>/plan.json`).
public enum SlurmExecutor {
    /// Writes the submission folder (manifest, keys files, one script per level) for the nodes of `graph` not yet
    /// complete in `cache`, then — unless `dryRun` — submits the arrays with `sbatch --parsable` (arrays longer
    /// than the cluster's MaxArraySize, from `scontrol show config`, are split) and records their job ids in the
    /// manifest. `source` must rebuild the same graph in each task (f2lm passes the resolved and filtered plan). Returns the manifest; its `levels` is empty when every node is complete.
    ///
    /// - Parameters:
    ///   - program: what the scripts call the program and how they run a node.
    ///   - executable: absolute path of the program the tasks run (default: this process's executable).
    ///   - maxArraySize: overrides the value read from Slurm (a dry run without Slurm uses 1001).
    public static func submit<Source: Codable & Sendable & Equatable>(graph: JobGraph, cache: ArtifactCache, source: Source,
                              program: SlurmProgram,
                              options: SlurmOptions = SlurmOptions(), dryRun: Bool = false,
                              executable: String = SlurmExecutor.currentExecutable(),
                              workingDirectory: String = FileManager.default.currentDirectoryPath,
                              maxArraySize: Int? = nil,
                              runner: any SlurmCommandRunner = ProcessSlurmRunner()) throws -> SlurmManifest<Source> {
        try options.validate()
        try cache.prepare()
        let levels = try SlurmLevels.levels(of: graph) { cache.isComplete(stage: $0.stage, key: $0.key) }
        let arraySize = try maxArraySize ?? (dryRun ? ((try? runner.maxArraySize()) ?? 1001) : runner.maxArraySize())
        let submission = SlurmSubmission(
            id: SlurmSubmission.newID(), created: RunnerClock.isoNow(), cache: cache.root.path,
            workingDirectory: workingDirectory, executable: executable, options: options,
            levels: levels.enumerated().map { index, nodes in
                var stages: [String] = []
                for node in nodes where !stages.contains(node.stage) { stages.append(node.stage) }
                return SlurmSubmission.Level(index: index, stages: stages, keys: nodes.map(\.key),
                                           chunks: SlurmLevels.chunks(count: nodes.count, maxArraySize: arraySize)
                                               .map { SlurmSubmission.Chunk(offset: $0.offset, count: $0.count, jobID: nil) })
            },
            stages: Dictionary(uniqueKeysWithValues: levels.joined().map { ($0.key, $0.stage) }),
            dryRun: dryRun)
        var manifest = SlurmManifest(submission: submission, source: source)
        // Nothing to run: no submission folder, so the latest submission stays the one that ran the nodes.
        if manifest.levels.isEmpty { return manifest }
        try writeFolder(manifest, program: program)
        guard !dryRun else { return manifest }

        var previous: [String] = []
        for level in manifest.levels.indices {
            var submitted: [String] = []
            for chunk in manifest.levels[level].chunks.indices {
                let arguments = SlurmScript.submitArguments(chunk: manifest.levels[level].chunks[chunk],
                                                            arrayLimit: options.arrayLimit, dependencies: previous,
                                                            script: manifest.submission.scriptFile(level: level).path,
                                                            program: program)
                let output = try runner.checked("sbatch", arguments)
                // --parsable prints "jobid" or "jobid;cluster".
                let line = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
                let id = String(line.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
                guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
                    throw SlurmError.unexpectedOutput("sbatch " + arguments.joined(separator: " "), output: output)
                }
                manifest.levels[level].chunks[chunk].jobID = id
                submitted.append(id)
                try manifest.write()
            }
            previous = submitted
        }
        return manifest
    }

    /// Resubmits the nodes of the latest submission's graph that are not complete (failed, killed, or never
    /// started because an upstream task failed). Throws `SlurmError.stillQueued` while tasks of that submission
    /// are still queued or running. Returns nil when there was no earlier submission, else the new manifest.
    public static func rerunFailed<Source: Codable & Sendable & Equatable>(graph: JobGraph, cache: ArtifactCache, source: Source,
                                   program: SlurmProgram,
                                   options: SlurmOptions = SlurmOptions(),
                                   executable: String = SlurmExecutor.currentExecutable(),
                                   workingDirectory: String = FileManager.default.currentDirectoryPath,
                                   maxArraySize: Int? = nil,
                                   runner: any SlurmCommandRunner = ProcessSlurmRunner()) throws -> SlurmManifest<Source>? {
        guard let previous = try SlurmManifest<Source>.latest(cache: cache.root.path) else { return nil }
        if !previous.dryRun {
            let active = try SlurmQueue.taskStates(jobs: previous.jobIDs, runner: runner).values.filter(\.isActive)
            if !active.isEmpty {
                throw SlurmError.stillQueued(submission: previous.id, jobs: active.map(\.id).sorted())
            }
        }
        return try submit(graph: graph, cache: cache, source: source, program: program, options: options,
                          executable: executable,
                          workingDirectory: workingDirectory, maxArraySize: maxArraySize, runner: runner)
    }

    /// Polls until no task of `manifest` is queued, calling `report` with the status every `interval` seconds
    /// (and once at the end); returns the final status.
    public static func wait(for manifest: SlurmSubmission, graph: JobGraph, cache: ArtifactCache, interval: Double = 5,
                            runner: any SlurmCommandRunner = ProcessSlurmRunner(),
                            report: (SlurmStatusReport) -> Void) throws -> SlurmStatusReport {
        try checkPollInterval(interval)
        while true {
            let status = try SlurmStatus.collect(graph: graph, cache: cache, submission: manifest, runner: runner,
                                                 countingOtherCode: false)
            if status.activeTasks.isEmpty || manifest.dryRun {
                report(status)
                return status
            }
            report(status)
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// Throws `SlurmError.invalidOption` unless `seconds` (`--interval`) is a finite number ≥ 0.1: a smaller
    /// value would poll squeue and sacct in a tight loop.
    public static func checkPollInterval(_ seconds: Double) throws {
        guard seconds.isFinite, seconds >= 0.1 else {
            throw SlurmError.invalidOption("--interval: expected at least 0.1 seconds between polls, found \(seconds)")
        }
    }

    /// The absolute path of the running executable (`/proc/self/exe` on Linux).
    public static func currentExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// Writes the manifest, keys files and scripts of a submission, and creates `logs/` and `tasks/`.
    static func writeFolder<Source: Codable & Sendable & Equatable>(_ manifest: SlurmManifest<Source>,
                                                                    program: SlurmProgram) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: manifest.logsDirectory, withIntermediateDirectories: true)
            try manager.createDirectory(at: manifest.tasksDirectory, withIntermediateDirectories: true)
        } catch {
            throw CacheError.io(path: manifest.directory.path, message: "cannot create folder: \(error.localizedDescription)")
        }
        for level in manifest.levels {
            try AtomicFile.write(level.keys.map { $0 + "\n" }.joined(), to: manifest.submission.keysFile(level: level.index))
            let script = manifest.submission.scriptFile(level: level.index)
            try AtomicFile.write(SlurmScript.text(manifest: manifest.submission, level: level.index, program: program),
                                 to: script)
            try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        try manifest.write()
    }
}
