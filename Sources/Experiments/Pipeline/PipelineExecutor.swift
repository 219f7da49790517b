import F2LM
import Foundation
import JobRunner

/// Runs the nodes of a `PipelineGraph`: routes each node by stage to the dataset builder, the model stages
/// (`ModelStageFunctions`, default the real model) or the evaluation, with the configuration the node reads.
///
/// Artifacts: dataset → `source.json` (+ `data/` for synthetic data, `derived/` for a real dataset lacking label
/// maps or flow: the model stages read those from there, `StageEnvironment.derivedInputs`); generator → the model's files; destroyer → the model's files, or
/// `disabled.json` for a run without a Destroyer (nothing trained); scores → `scores.csv`; evaluation →
/// `record.json` (`RunRecord`: metrics, diagnostics, per-video pair counts, identity). With `tensorBoard`, training nodes log to their TensorBoard run and each
/// evaluation writes its HParams session (a logging failure is written to the node's log, never fails the node).
public struct PipelineExecutor: NodeExecutor {
    /// The configuration of each node, by key.
    public let configs: [String: RunConfig]
    /// The model stages called.
    public let stages: ModelStageFunctions
    /// Where training nodes and evaluations write TensorBoard logs (nil: nowhere).
    public let tensorBoard: TensorBoardLogging?

    /// File written by a destroyer node of a run without a Destroyer.
    public static let disabledMarker = StageArtifact.destroyerDisabled.fileName

    /// An executor for the nodes of `graph`.
    public init(graph: PipelineGraph, stages: ModelStageFunctions = .model, tensorBoard: TensorBoardLogging? = nil) {
        self.configs = graph.configs
        self.stages = stages
        self.tensorBoard = tensorBoard
    }

    /// Runs one node (see the type's documentation for what each stage writes).
    public func run(_ node: JobNode, in context: NodeContext) throws {
        guard let config = configs[node.key] else { throw PipelineError.missing("no configuration for node \(node.key)") }
        guard let stage = PipelineStage(rawValue: node.stage) else { throw PipelineError.missing("no stage named '\(node.stage)'") }
        let log = context.log
        try context.checkCancellation()
        switch stage {
        case .dataset:
            try DatasetArtifact.build(config: config, output: context.outputDirectory, log: { log.write($0) },
                                      isCancelled: { context.isCancelled })
        case .generator:
            try stages.trainGenerator(config, try datasetFolder(context), context.outputDirectory, environment(context))
        case .destroyer:
            let generator = try dependency(context, .generator)
            if config.destroyer.enabled {
                let dataset = try datasetFolder(context)
                try stages.trainDestroyer(config, dataset, generator, context.outputDirectory, environment(context))
            } else {
                log.write("destroyer disabled for this run: nothing to train")
                try Data("{\"enabled\": false}\n".utf8).write(to: context.outputDirectory.appendingPathComponent(Self.disabledMarker))
            }
        case .scores:
            let destroyerNode = try dependency(context, .destroyer)
            let generator = try dependency(context, .generator)
            let dataset = try datasetFolder(context)
            let destroyer = config.destroyer.enabled ? destroyerNode : nil
            try stages.score(config, dataset, generator, destroyer, context.outputDirectory, environment(context))
            guard FileManager.default.fileExists(atPath: StageArtifact.scores.url(in: context.outputDirectory).path) else {
                throw PipelineError.missing("the scoring stage wrote no \(StageArtifact.scores.fileName)")
            }
        case .evaluation:
            let started = Date()
            let record = try RunRecord.evaluateStage(config: config, scores: try dependency(context, .scores),
                                                     destroyer: config.destroyer.enabled ? try dependency(context, .destroyer) : nil,
                                                     output: context.outputDirectory)
            let metrics = record.metrics
            log.write(String(format: "AUC %.4f, EER %.4f, γ %@%@", metrics.auc, metrics.eer,
                             metrics.gamma.map { String($0) }.joined(separator: ","),
                             metrics.gammaSearched ? " (searched on held-out videos)" : ""))
            if let tensorBoard {
                do { try tensorBoard.writeSession(node: node, config: config, metrics: metrics, started: started) } catch {
                    log.write("tensorboard: no HParams session written: \(error)")
                }
            }
        }
    }

    /// The stage environment of a node: its thread budget, persistent work folder, progress, log, cancellation,
    /// TensorBoard run folder, and the derived inputs of its dataset artifact (if any).
    func environment(_ context: NodeContext) -> StageEnvironment {
        StageEnvironment(
            threads: context.threadCount, workDirectory: context.workDirectory,
            progress: { step in
                context.reportTraining(TrainingProgress(step: step.step, totalSteps: step.totalSteps,
                                                        losses: step.losses.map { .init($0.name, $0.value) },
                                                        stepsPerSecond: step.stepsPerSecond))
            },
            log: { context.log.write($0) },
            isCancelled: { context.isCancelled },
            tensorBoard: tensorBoard?.trainingRun(of: context.node),
            derivedInputs: (try? dependency(context, .dataset)).flatMap { DatasetArtifact.derivedInputs(artifact: $0) })
    }

    /// The artifact folder of the direct dependency of `stage`.
    func dependency(_ context: NodeContext, _ stage: PipelineStage) throws -> URL {
        guard let url = context.dependencyDirectory(stage: stage.rawValue) else {
            throw PipelineError.missing("node \(context.node.key) has no \(stage.rawValue) dependency")
        }
        return url
    }

    /// The dataset folder of the node's run, resolved from its dataset artifact.
    func datasetFolder(_ context: NodeContext) throws -> URL {
        try DatasetArtifact.datasetFolder(artifact: try dependency(context, .dataset))
    }
}
