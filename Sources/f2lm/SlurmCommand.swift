import ArgumentParser
import Experiments
import Foundation
import JobRunner

/// The sbatch options every Slurm-facing command takes.
struct SlurmOptionGroup: ParsableArguments {
    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?
    @Option(help: "Time limit per task, e.g. 2:00:00.")
    var time: String?
    @Option(help: "CPUs per task (also the node's BLAS threads).")
    var cpusPerTask: Int?
    @Option(help: "Memory per task, e.g. 8G.")
    var mem: String?
    @Option(help: "At most K tasks of one array at once (--array=…%K).")
    var arrayLimit: Int?
    @Option(name: .customLong("sbatch-arg"), help: "An extra sbatch option, e.g. --sbatch-arg=--account=abc. Repeatable.")
    var sbatchArguments: [String] = []

    var options: SlurmOptions {
        SlurmOptions(partition: partition, time: time, cpusPerTask: cpusPerTask, memory: mem, arrayLimit: arrayLimit,
                     extraArguments: sbatchArguments)
    }
    var isEmpty: Bool { options == SlurmOptions() }
}

/// Prints what a submission did and where its files are.
func describe(_ manifest: SlurmManifest<SlurmPipelineSource>) {
    if manifest.levels.isEmpty { print("every node is complete in \(manifest.cache): nothing to submit"); return }
    for level in manifest.levels {
        let jobs = level.chunks.map { $0.jobID ?? "-" }.joined(separator: ",")
        print("level \(level.index) (\(level.stages.joined(separator: "+"))): \(level.keys.count) task(s)"
              + (manifest.dryRun ? "" : ", array job(s) \(jobs)"))
    }
    print((manifest.dryRun ? "wrote (not submitted) " : "submitted ") + manifest.directory.path)
}

/// The spec files among `files` as absolute paths, as a plan document records them.
func absoluteSpecPaths(_ files: [String]) -> [String] {
    SpecFiles.specs(among: files).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
}

/// Waits until the tasks of a submission leave the queue, printing its status whenever it changes; returns the
/// final status.
func followSubmission(_ manifest: SlurmManifest<SlurmPipelineSource>, graph: JobGraph, cache: ArtifactCache, interval: Double) throws
    -> SlurmStatusReport {
    var last = ""
    return try SlurmExecutor.wait(for: manifest.submission, graph: graph, cache: cache, interval: interval) { status in
        let text = status.render()
        if text != last { print("[\(RunnerClock.isoNow())]\n" + text, terminator: ""); last = text }
    }
}

/// `followSubmission`, then exit status 1 unless every node is done.
func waitAndReport(_ manifest: SlurmManifest<SlurmPipelineSource>, graph: JobGraph, cache: ArtifactCache, interval: Double) throws {
    let complete = try followSubmission(manifest, graph: graph, cache: cache, interval: interval).isComplete
    if let warning = KernelMix.warning(graph: graph, cache: cache) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
    if !complete { throw ExitCode.failure }
}

/// `f2lm slurm submit|export|probe`: hand a plan (or the probe graph) to Slurm.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run a plan on a Slurm cluster: one job array per stage level (cache on a shared filesystem).",
        subcommands: [Submit.self, Export.self, Probe.self])

    /// Spec files, scale, overrides and cache.
    struct PlanArguments: ParsableArguments {
        @OptionGroup var input: PlanInputOptions
        @OptionGroup var cache: CacheOptions

        func load() throws -> (graph: JobGraph, source: SlurmPipelineSource, cache: ArtifactCache) {
            let source = SlurmPipelineSource.plan(try PlanDocument.of(input))
            return (try source.load(planPipeline: PlanPipeline.build).graph, source, cache.store)
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit the nodes of a plan not yet in the cache.")
        @OptionGroup var plan: PlanArguments
        @OptionGroup var slurm: SlurmOptionGroup
        @Flag(help: "Write the scripts under <cache>/slurm/<id>/ without submitting.")
        var dryRun = false
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            try reportingUserErrors {
                let (graph, source, cache) = try plan.load()
                let manifest = try SlurmExecutor.submit(graph: graph, cache: cache, source: source, program: .f2lm,
                                                        options: slurm.options, dryRun: dryRun)
                describe(manifest)
                if waiting.wait && !dryRun {
                    try waitAndReport(manifest, graph: graph, cache: cache, interval: waiting.interval)
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the sbatch scripts of a plan and a submit.sh that chains them, without submitting.")
        @OptionGroup var plan: PlanArguments
        @OptionGroup var slurm: SlurmOptionGroup
        @Option(help: "Folder to copy the scripts, keys files, plan.json and submit.sh into.")
        var out: String

        func run() throws {
            try reportingUserErrors {
                let (graph, source, cache) = try plan.load()
                let manifest = try SlurmExecutor.submit(graph: graph, cache: cache, source: source, program: .f2lm,
                                                        options: slurm.options, dryRun: true)
                let written = try SlurmExport.write(manifest.submission, program: .f2lm, to: URL(fileURLWithPath: out))
                describe(manifest)
                print("exported \(written.count) file(s) to \(out); submit with: bash \(out)/submit.sh")
            }
        }
    }

    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a synthetic graph (no training) to check the cluster, the cache and the dependencies.")
        @OptionGroup var cache: CacheOptions
        @Option(help: "Nodes per level.") var width: Int = 3
        @Option(help: "Levels (dataset, generator, destroyer, scores, …).") var levels: Int = 4
        @Option(help: "Seconds each node sleeps.") var seconds: Double = 1
        @Option(help: "Key salt: a new salt makes new nodes.") var salt: String = "probe"
        @OptionGroup var slurm: SlurmOptionGroup
        @Flag(help: "Write the scripts without submitting.") var dryRun = false
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            try reportingUserErrors {
                let probe = SlurmProbe(width: width, levels: levels, seconds: seconds, salt: salt)
                let graph = try probe.graph()
                let store = cache.store
                let manifest = try SlurmExecutor.submit(graph: graph, cache: store, source: SlurmPipelineSource.probe(probe),
                                                        program: .f2lm,
                                                        options: slurm.options, dryRun: dryRun)
                describe(manifest)
                guard waiting.wait && !dryRun else { return }   // with --wait, every node's value is checked too
                try waitAndReport(manifest, graph: graph, cache: store, interval: waiting.interval)
                try checkProbe(probe, cache: store)
            }
        }
    }
}

/// Compares a probe's cached values with the values computed locally; exit status 1 on any difference.
func checkProbe(_ probe: SlurmProbe, cache: ArtifactCache) throws {
    let expected = try probe.expectedValues()
    let cached = try probe.cachedValues(cache: cache)
    let correct = expected.filter { cached[$0.key] == .some($0.value) }.count
    print("probe values: \(correct)/\(expected.count) equal to a local computation")
    if correct != expected.count { throw ExitCode.failure }
}
