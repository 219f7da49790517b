import ArgumentParser
import Experiments
import Foundation
import JobRunner
import VideoData

/// `f2lm run FILE... [--jobs N] [--threads N] [--where key=value]... [--rows LABEL]... [--rerun failed|all]
/// [--scale NAME] [--set k=v]... [--dry-run] [--cache DIR] [--results DIR] [--tensorboard DIR | --no-tensorboard]
/// [--tensorboard-images-every N] [--executor local|slurm] [sbatch options] [--wait]`: runs the plan's stage nodes
/// with the content-addressed cache (here, or as Slurm job arrays), keeps results/<spec>/runs.csv current and writes
/// the tables.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run experiment specs: train, score and evaluate every run, resuming from the cache.",
        discussion: """
            Each run is five stage nodes (dataset, generator, destroyer, scores, evaluation) keyed by the parameters \
            they read; runs sharing a node share its work. Finished nodes are kept in the cache and never run again: \
            run the same command after an interruption to resume. Results go to <results>/<spec>/runs.csv \
            (rewritten as runs finish), table.md/csv/json, and <results>/TABLES.md.

            With --executor slurm the nodes not yet in the cache are submitted as one job array per stage level \
            (afterok between levels); the cache must be on a filesystem every node shares. --dry-run then writes the \
            sbatch scripts without submitting; --wait polls until the jobs leave the queue, showing progress, and \
            writes results/ from the cache as a local run would (without --wait: run the same command with --wait, \
            or `f2lm status`, later).
            """)

    @OptionGroup var input: PlanInputOptions

    @Option(help: "Nodes run at once.")
    var jobs: Int = 2

    @Option(help: "BLAS/oneDNN threads shared by the running nodes (default: the number of cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("where"), help: "Keep runs whose parameter (or dataset, seed, spec, row) has this value: key=value. Repeatable; all must hold.")
    var conditions: [String] = []

    @Option(name: .customLong("rows"), help: "Keep runs of this table row label. Repeatable.")
    var rows: [String] = []

    @Option(help: "Run again the nodes recorded failed (failed) or every node (all); none reuses them.")
    var rerun: RerunPolicy = .none

    @Flag(help: "Print the plan and the cache state of its nodes without running anything.")
    var dryRun = false

    @OptionGroup var cache: CacheOptions

    @Option(help: "The results folder.")
    var results: String = "results"

    @Option(name: .customLong("tensorboard"),
            help: "TensorBoard log folder: training curves and image panels of every training node, an HParams session per evaluated run (default: <cache>/tensorboard).")
    var tensorBoardFolder: String?

    @Flag(name: .customLong("no-tensorboard"), help: "Write no TensorBoard logs.")
    var noTensorBoard = false

    @Option(name: .customLong("tensorboard-images-every"), help: "Training image panels every N steps (and at each phase's last step).")
    var tensorBoardImagesEvery: Int = TensorBoardLogging.defaultImageEvery

    @Option(help: "Where nodes run: local (this machine, see --isolation) or slurm (job arrays; cache on a shared filesystem).")
    var executor: ExecutorKind = .local

    @Option(help: "Local nodes run in worker processes, so a crash fails only the nodes running in that process: dataset (one worker per dataset and the nodes reading it, which share its prepared videos and generator outputs), generator (one worker per generator and the nodes reading it), node (one per node) or none (in this process).")
    var isolation: NodeIsolation = .dataset

    @Option(name: .customLong("node-timeout"), help: "Seconds a local node may run before its worker process is killed and the node recorded failed (needs --isolation dataset, generator or node).")
    var nodeTimeout: Double?

    @OptionGroup(title: "Slurm (with --executor slurm)")
    var slurm: SlurmOptionGroup

    @Flag(help: "Bit-identical results on every x86-64 CPU: oneDNN capped at AVX2, OpenBLAS's Haswell kernel (also F2LM_PORTABLE_NUMERICS=1; the default of Slurm tasks). Recorded per node in done.json.")
    var portableNumerics = false

    @OptionGroup(title: "Following a Slurm run (with --executor slurm; then results/ is written)")
    var waiting: WaitOptions

    func validate() throws {
        if input.files.isEmpty { throw ValidationError("no spec file given (e.g. experiments/*.yaml)") }
        if executor == .local {
            if waiting.wait { throw ValidationError("--wait needs --executor slurm (a local run always waits)") }
            if !slurm.isEmpty {
                throw ValidationError("--partition/--time/--cpus-per-task/--mem/--array-limit/--sbatch-arg need --executor slurm")
            }
        } else {
            if rerun == .all {
                throw ValidationError("--rerun all is not supported with --executor slurm (remove the cache entries to recompute)")
            }
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        try validateIsolation()
        guard tensorBoardImagesEvery >= 1 else {
            throw ValidationError("--tensorboard-images-every must be at least 1, got \(tensorBoardImagesEvery)")
        }
        if noTensorBoard && tensorBoardFolder != nil { throw ValidationError("--tensorboard and --no-tensorboard contradict each other") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        try reportingUserErrors { try execute() }
    }

    func execute() throws {
        let loaded = try input.plan()
        let filter = try RunFilter(where: conditions, rows: rows)
        try filter.validate(against: loaded.runs)
        let plan = filter.apply(to: loaded)
        guard !plan.runs.isEmpty else { throw UserError("no run matches --where/--rows") }
        try checkMemory(plan)
        let cacheFolder = cache.store
        let tensorBoard: TensorBoardLogging? = noTensorBoard ? nil
            : tensorBoardFolder.map { TensorBoardLogging(root: URL(fileURLWithPath: $0), imageEvery: tensorBoardImagesEvery) }
            ?? TensorBoardLogging(cache: cacheFolder, imageEvery: tensorBoardImagesEvery)
        var pipeline = PipelineRun(plan: plan, cache: cacheFolder,
                                   results: ResultsFolder(root: URL(fileURLWithPath: results)), jobs: jobs,
                                   threads: threads, rerun: rerun, scale: input.scale, tensorBoard: tensorBoard)
        isolate(&pipeline)
        // Nodes run in this process under --isolation none: they share prepared videos (PreparedVideoMemo).
        PreparedVideoMemo.isEnabled = true
        if !dryRun {
            try document(of: plan).writeMerging(into: pipeline.results.root)
        }
        if executor == .slurm {
            try runOnSlurm(pipeline)
            return
        }
        if dryRun {
            print(try pipeline.dryRunListing(), terminator: "")
            return
        }
        let monitor = InterruptMonitor(message: {
            FileHandle.standardError.write(Data("\nstopping: no new node starts; Ctrl-C again to quit at once\n".utf8))
        })
        let summary = try pipeline.execute(reporter: ProgressReporter.standardError(), cancellation: monitor.flag)
        monitor.stop()
        if let warning = KernelMix.warning(graph: try PipelineGraph(runs: plan.runs).graph, cache: pipeline.cache) {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        // The progress reporter has printed the summary (counts per stage, each failure with its log).
        print("results: \(pipeline.results.root.path) (TABLES.md)")
        if summary.interrupted { throw ExitCode(130) }
        if !summary.failures.isEmpty { throw ExitCode.failure }
    }

    /// The plan document of the filtered plan (spec files as absolute paths).
    func document(of plan: Plan) throws -> PlanDocument {
        try PlanDocument(plan: plan, files: absoluteSpecPaths(input.files), options: input.planOptions,
                         conditions: conditions, rows: rows)
    }

    /// Submits the plan's incomplete nodes to Slurm (`--rerun failed`: only after the previous submission's tasks
    /// left the queue); with `--wait`, follows the jobs and then writes results/ from the cache.
    func runOnSlurm(_ pipeline: PipelineRun) throws {
        let source = SlurmPipelineSource.plan(try document(of: pipeline.plan))
        let graph = try PipelineGraph(runs: pipeline.plan.runs).graph
        let manifest: SlurmManifest<SlurmPipelineSource>
        if rerun == .failed, !dryRun, let resubmitted = try SlurmExecutor.rerunFailed(
            graph: graph, cache: pipeline.cache, source: source, program: .f2lm, options: slurm.options) {
            manifest = resubmitted
        } else {
            manifest = try SlurmExecutor.submit(graph: graph, cache: pipeline.cache, source: source, program: .f2lm,
                                                options: slurm.options, dryRun: dryRun)
        }
        describe(manifest)
        guard waiting.wait, !dryRun else { return }
        _ = try followSubmission(manifest, graph: graph, cache: pipeline.cache, interval: waiting.interval)
        // Every node complete in the cache once the tasks have left the queue, else exit status 1.
        let summary = try pipeline.recordFromCache()
        print("results: \(pipeline.results.root.path) (TABLES.md)")
        if summary.count(.reused) < graph.count { throw ExitCode.failure }
    }
}
