import Foundation
import Metrics
import TensorCore
import VideoData

/// An error of a model stage that the runner records as the node's failure reason.
public enum ModelStageError: Error, CustomStringConvertible {
    /// A training loss became NaN or infinite; training stopped at `step`.
    case nonFiniteLoss(stage: String, step: Int, name: String, value: Double)
    /// An artifact (checkpoint, dataset video) is missing or unusable.
    case invalidArtifact(path: String, message: String)

    /// The failure reason as recorded.
    public var description: String {
        switch self {
        case .nonFiniteLoss(let stage, let step, let name, let value):
            return "\(stage): loss \(name) became \(value) at step \(step); training stopped"
        case .invalidArtifact(let path, let message): return "\(path): \(message)"
        }
    }
}

/// The three model stages of a run: phase 1 (generator + discriminator), phase 2 (Destroyer), and scoring.
public enum ModelStages {
    /// Phase 1. Reads the dataset folder (`VideoDataset.load` layout), trains the generator configured by
    /// `config.model`/`config.loss`/`config.train`, writes into `output`: `generator.safetensors`,
    /// `training_log.csv` (columns `step`, one per loss, `steps_per_second`) and `summary.json`.
    /// Implemented by `GeneratorTrainer` (losses `total, intensity, gradient, adversarial, triplet,
    /// discriminator`); resumes from `environment.workDirectory/checkpoint` (written every
    /// `train.checkpoint_every` steps); throws `ModelStageError.nonFiniteLoss` on NaN/inf and `CancellationError`
    /// when `environment.isCancelled()`.
    public static func trainGenerator(config: RunConfig, dataset: URL, output: URL,
                                      environment: StageEnvironment) throws {
        try trainGenerator(stage: config.generatorStage, dataset: dataset, output: output, environment: environment)
    }

    /// Phase 1 on the generator stage's view alone (what `trainGenerator(config:…)` runs).
    public static func trainGenerator(stage: GeneratorStageView, dataset: URL, output: URL,
                                      environment: StageEnvironment) throws {
        EngineThreads.set(environment.threads)
        let data = try StageData.dataset(dataset, derivedInputs: environment.derivedInputs)
        let sampler = try StageData.sampler(data: stage.data, dataset: data, split: .training)
        let trainer = try GeneratorTrainer(stage: stage, sampler: sampler, source: dataset.path)
        environment.log("generator: \(stage.model.architecture.rawValue), \(trainer.generator.parameterCount) parameters, "
            + "\(sampler.windows.count) training clips, \(stage.train.generatorSteps) steps")
        try trainer.run(output: output, environment: environment)
    }

    /// Phase 2. Loads the frozen generator from `generator` (a `trainGenerator` output folder), trains the
    /// Destroyer, writes `destroyer.safetensors`, `training_log.csv`, `summary.json` into `output`.
    /// Implemented by `DestroyerTrainer` (losses `total, mean_difficulty`); resumable like phase 1.
    public static func trainDestroyer(config: RunConfig, dataset: URL, generator: URL, output: URL,
                                      environment: StageEnvironment) throws {
        try trainDestroyer(stage: config.destroyerStage, dataset: dataset, generator: generator, output: output,
                           environment: environment)
    }

    /// Phase 2 on the Destroyer stage's view alone (what `trainDestroyer(config:…)` runs).
    public static func trainDestroyer(stage: DestroyerStageView, dataset: URL, generator: URL, output: URL,
                                      environment: StageEnvironment) throws {
        EngineThreads.set(environment.threads)
        let data = try StageData.dataset(dataset, derivedInputs: environment.derivedInputs)
        let sampler = try StageData.sampler(data: stage.generator.data, dataset: data, split: .training)
        let frozen = try GeneratorTrainer.loadGenerator(model: stage.generator.model,
                                                        inputShape: StageData.inputShape(sampler.configuration), folder: generator)
        let trainer = try DestroyerTrainer(stage: stage, sampler: sampler, generator: frozen, source: dataset.path)
        environment.log("destroyer: \(trainer.destroyer.parameterCount) parameters, noise \(stage.destroyer.noise.rawValue), "
            + "Z_p \(stage.destroyer.zp.rawValue), \(stage.train.destroyerSteps) steps")
        try trainer.run(output: output, environment: environment)
    }

    /// Scores every test frame (with `score.split: validation`, every validation frame) after the first `history`
    /// frames; writes `scores.csv` in `Metrics.ScoreTable`'s
    /// component format (video, frame, label, label_triplet, motion_triplet, generator_mse, destroyer_mse; empty
    /// cells for absent components) into `output`, and with a Destroyer `destroyer_change.json` (`DestroyerChange`:
    /// its mean test-time change inside and outside the anomaly masks). `destroyer` is nil when the run has no
    /// Destroyer.
    /// Implemented by `FrameScorer`; the generator's architecture is rebuilt from `config.model` and checked
    /// against the checkpoint (a mismatch is `ModelStageError.invalidArtifact` or a checkpoint error naming the file).
    public static func score(config: RunConfig, dataset: URL, generator: URL, destroyer: URL?, output: URL,
                             environment: StageEnvironment) throws {
        try score(stage: config.scoresStage, dataset: dataset, generator: generator, destroyer: destroyer, output: output,
                  environment: environment)
    }

    /// Scoring on the scores stage's view alone (what `score(config:…)` runs). With `split` `validation` the
    /// synthetic family's validation videos (`SyntheticDatasetWriter.validationVideos`, as many as its test videos)
    /// are rendered into `output/validation-videos/`, scored in place of the test videos, and removed again, so the
    /// artifact holds the same files either way.
    public static func score(stage: ScoresStageView, dataset: URL, generator: URL, destroyer: URL?, output: URL,
                             environment: StageEnvironment) throws {
        EngineThreads.set(environment.threads)
        let models: FramePredictor
        // Removed when the scoring is done (the scorer reads the rendered pixel masks until then).
        var rendered: URL?
        defer { if let rendered { try? FileManager.default.removeItem(at: rendered) } }
        switch stage.split {
        case .test:
            models = try FramePredictor(stage: stage.destroyer, dataset: dataset, generator: generator, destroyer: destroyer,
                                        derivedInputs: environment.derivedInputs)
        case .validation:
            let folder = output.appendingPathComponent("validation-videos", isDirectory: true)
            rendered = folder
            let videos = try renderValidationVideos(data: stage.destroyer.generator.data, into: folder, source: dataset.path) {
                done, total in environment.log("validation video \(done)/\(total)")
            }
            models = try FramePredictor(stage: stage.destroyer, dataset: videos, generator: generator, destroyer: destroyer)
        }
        let scorer = FrameScorer(generator: models.generator, destroyer: models.destroyer,
                                 margin: Float(stage.destroyer.generator.model.alpha))
        let (width, height) = (models.sampler.configuration.width, models.sampler.configuration.height)
        let testing = models.dataset.testing
        let (table, change) = try scorer.score(models.sampler, anomalyMask: { video, frame in
            try testing.indices.contains(video)
                ? VideoLoader.pixelMask(of: testing[video], frame: frame, width: width, height: height) : nil
        }, isCancelled: environment.isCancelled)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try table.write(to: StageArtifact.scores.url(in: output))
        try change?.write(to: StageArtifact.destroyerChange.url(in: output))
        environment.log("scores: \(table.rows.count) frames of \(models.sampler.videos.count) "
            + (stage.split == .test ? "test" : "validation") + " videos")
    }

    /// Renders the validation videos of the synthetic family `data` names (`SyntheticDatasetWriter.validationVideos`,
    /// as many as its test videos, from the family's own seed stream) into `folder` and loads them as the test split
    /// of a `VideoDataset`: the videos `score.split: validation` scores, and the report draws montages of. A real
    /// dataset has none: `ModelStageError.invalidArtifact` naming `source`. `progress(done, total)` per video.
    public static func renderValidationVideos(data: DataConfig, into folder: URL, source: String,
                                              progress: ((Int, Int) -> Void)? = nil) throws -> VideoDataset {
        guard !data.name.isReal, let family = SyntheticFamily(rawValue: data.name.rawValue) else {
            throw ModelStageError.invalidArtifact(path: source, message:
                "score.split: validation needs a synthetic family, found '\(data.name.rawValue)'")
        }
        var scale = data.synthetic
        scale.validationVideos = scale.testVideos
        try SyntheticDatasetWriter(family: family, scale: scale, seed: UInt64(data.seed))
            .writeValidation(to: folder.path, progress: progress)
        return try VideoDataset.loadValidation(folder.path)
    }
}
