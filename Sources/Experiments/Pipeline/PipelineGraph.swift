import F2LM
import JobRunner

/// The job graph of a plan: one `JobNode` per distinct stage key (dataset → generator → destroyer → scores →
/// evaluation), deduplicated across every run of every spec, with the configuration each node reads.
///
/// Every run has all five nodes (its `PlannedRun.stageKeys`), and each node lists every node whose artifacts it
/// reads (`inputs(of:)`): the generator reads the dataset; the Destroyer the generator and the dataset; scoring the
/// Destroyer, the generator and the dataset; the evaluation the scores and the Destroyer (its training log). A run with the Destroyer disabled
/// (`destroyer.enabled: false`) still has a destroyer node, keyed by `destroyer.enabled=false` and its generator,
/// but that node trains nothing: it only records that the run has no Destroyer (see `PipelineExecutor`), so the
/// number of destroyer nodes that train is `Plan.trainedDestroyers`.
public struct PipelineGraph: Sendable {
    /// The deduplicated graph, nodes in the order of first appearance over the runs.
    public let graph: JobGraph
    /// The runs the graph was built from, in order.
    public let runs: [PlannedRun]
    /// A configuration of a run using the node, by node key (runs sharing a key agree on every parameter the node
    /// and its upstream nodes read, so any of them will do).
    public let configs: [String: RunConfig]

    /// Builds the graph of `runs`; throws `JobGraphError` if two runs disagree on a node (a hash collision).
    public init(runs: [PlannedRun]) throws {
        var graph = JobGraph()
        var configs: [String: RunConfig] = [:]
        for run in runs {
            let parameterKeys = run.config.parameterStageKeys
            for stage in PipelineStage.allCases {
                let key = run.stageKeys[stage]
                let node = JobNode(key: key, stage: stage.rawValue,
                                   dependencies: Self.inputs(of: stage).map { run.stageKeys[$0] },
                                   label: Self.label(stage: stage, run: run), costHint: Self.costHint(stage: stage, config: run.config),
                                   parameterKey: parameterKeys[stage],
                                   codeIdentity: StageNumericsVersions.current.identity(through: stage))
                if try graph.add(node) { configs[key] = run.config }
            }
        }
        try graph.validate()
        self.graph = graph
        self.runs = runs
        self.configs = configs
    }

    /// The stages whose artifacts a node of `stage` reads, nearest first.
    public static func inputs(of stage: PipelineStage) -> [PipelineStage] {
        switch stage {
        case .dataset: return []
        case .generator: return [.dataset]
        case .destroyer: return [.generator, .dataset]
        case .scores: return [.destroyer, .generator, .dataset]
        case .evaluation: return [.scores, .destroyer]  // the Destroyer's training log: `RunDiagnostics`
        }
    }

    /// Builds the graph of every run of `plan`.
    public init(plan: Plan) throws {
        try self.init(runs: plan.runs)
    }

    /// Number of nodes of `stage`.
    public func count(_ stage: PipelineStage) -> Int {
        graph.countByStage[stage.rawValue] ?? 0
    }

    /// Number of destroyer nodes that train a Destroyer (the others only record that the run has none).
    public var trainedDestroyers: Int {
        graph.nodes.filter { $0.stage == PipelineStage.destroyer.rawValue && configs[$0.key]?.destroyer.enabled == true }.count
    }

    /// A run's stage keys as stage name → key (the form `SchedulerSummary.runState` takes).
    public static func stageKeyMap(_ keys: StageKeys) -> [String: String] {
        Dictionary(uniqueKeysWithValues: PipelineStage.allCases.map { ($0.rawValue, keys[$0]) })
    }

    /// A short human label: `generator walkway seed 0`, `destroyer walkway seed 0 (λ row 4)`…
    static func label(stage: PipelineStage, run: PlannedRun) -> String {
        let data = "\(run.dataset.rawValue)"
        switch stage {
        case .dataset: return "dataset \(data)"
        case .generator: return "generator \(data) seed \(run.seed)"
        case .destroyer:
            return run.config.destroyer.enabled ? "destroyer \(data) seed \(run.seed) [\(run.specName): \(run.label)]"
                : "no destroyer \(data) seed \(run.seed)"
        case .scores: return "scores \(data) seed \(run.seed) [\(run.specName): \(run.label)]"
        case .evaluation: return "evaluation \(data) seed \(run.seed) [\(run.specName): \(run.label)]"
        }
    }

    /// Relative cost of a stage in pixel-steps, for the ETA before any node was measured:
    /// dataset (train+test)·max_frames·frame_size²/10, generator steps·batch·resolution²·(history+1)·3 (forward,
    /// backward, discriminator), destroyer steps·batch·resolution²·2, scores test_videos·max_frames·resolution²·2,
    /// evaluation test_videos·max_frames.
    static func costHint(stage: PipelineStage, config: RunConfig) -> Double {
        let pixels = Double(config.data.resolution * config.data.resolution)
        let synthetic = config.data.synthetic
        let testFrames = Double(synthetic.testVideos * synthetic.maxFrames)
        switch stage {
        case .dataset:
            return Double((synthetic.trainVideos + synthetic.testVideos) * synthetic.maxFrames)
                * Double(synthetic.frameSize * synthetic.frameSize) / 10
        case .generator:
            return Double(config.train.generatorSteps * config.train.batch) * pixels * Double(config.data.history + 1) * 3
        case .destroyer:
            return config.destroyer.enabled ? Double(config.train.destroyerSteps * config.train.batch) * pixels * 2 : 1
        case .scores: return testFrames * pixels * 2
        case .evaluation: return testFrames
        }
    }
}
