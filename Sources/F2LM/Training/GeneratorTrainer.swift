import Foundation
import NN
import TensorCore
import VideoData

/// Phase 1: trains the generator with its patch discriminator.
///
/// Each step (batch from `BatchSchedule`, seed `stage.seed`):
/// 1. generator forward in training mode; `L_G = δ_int MSE(Î, I) + δ_gd L_gd(Î, I) + δ_adv ½ mean (D(Î) − 1)²
///    + δ_tri L_tri` (L_tri only with FTC; L_gd's edges by `loss.gradient_edges`); backward; AdamW step of the
///    generator (`lr_generator`);
/// 2. discriminator: `L_D = ½ mean (D(I) − 1)² + ½ mean D(Î)²` with Î detached; AdamW step (`lr_discriminator`).
/// Both optimisers use `weight_decay`. Weights are drawn from `RandomGenerator(seed: stage.seed)` by
/// `model.initialization`. BatchNorm stays in training mode for every step: the authors' code drops to evaluation
/// mode after its first in-training validation (reference quirk 19), which looks accidental and is not reproduced.
/// Every `checkpoint_every` steps the generator, discriminator, both optimiser states, the step and the log go to
/// the work folder; a new run with the same folder resumes from there and ends with identical weights.
public final class GeneratorTrainer {
    /// What this stage reads of the run's configuration (`GeneratorStageView`: no Destroyer or score key).
    public let stage: GeneratorStageView
    /// The generator being trained.
    public let generator: F2LMGenerator
    /// The discriminator.
    public let discriminator: PatchDiscriminator
    let generatorOptimizer: AdamW
    let discriminatorOptimizer: AdamW
    var schedule: BatchSchedule
    /// The inputs and prediction of the last trained step (for the TensorBoard panel).
    var lastStep: (inputs: ModelInputs, prediction: Tensor)?
    /// Loss names, in the log's column order.
    public static let lossNames = ["total", "intensity", "gradient", "adversarial", "triplet", "discriminator"]

    /// Prepares training on `sampler` (the training split).
    public convenience init(config: RunConfig, sampler: ClipSampler, source: String) throws {
        try self.init(stage: config.generatorStage, sampler: sampler, source: source)
    }

    /// A trainer for the generator stage `stage` on `sampler`'s training clips (`source` names the data in errors).
    public init(stage: GeneratorStageView, sampler: ClipSampler, source: String) throws {
        self.stage = stage
        var random = RandomGenerator(seed: UInt64(bitPattern: Int64(stage.seed)))
        let shape = StageData.inputShape(sampler.configuration)
        generator = F2LMGenerator(model: stage.model, inputShape: shape, generator: &random)
        var discriminatorRandom = random.split(stream: 1)
        discriminator = PatchDiscriminator(channels: shape.channels, width: stage.model.width,
                                           initialization: stage.model.initialization, generator: &discriminatorRandom)
        generatorOptimizer = AdamW(module: generator, learningRate: Float(stage.train.lrGenerator),
                                   weightDecay: Float(stage.train.weightDecay))
        discriminatorOptimizer = AdamW(module: discriminator, learningRate: Float(stage.train.lrDiscriminator),
                                       weightDecay: Float(stage.train.weightDecay))
        schedule = try BatchSchedule(sampler: sampler, batchSize: stage.train.batch,
                                     seed: UInt64(bitPattern: Int64(stage.seed)), source: source)
    }

    /// One training step (0-based `step`); returns the losses in `lossNames` order.
    public func step(_ step: Int) -> [Double] {
        let inputs = ModelInputs(schedule.batch(step: step))
        return train(on: inputs)
    }

    /// One optimisation step of both networks on `inputs`; returns the losses in `lossNames` order.
    public func train(on inputs: ModelInputs) -> [Double] {
        let loss = stage.loss
        generator.train()
        discriminator.train()
        generatorOptimizer.zeroGrad()
        // The discriminator's own parameter gradients from this pass would be discarded (its optimiser clears them
        // before its backward pass below), so they are not computed: frozen, it still passes the adversarial
        // gradient on to the prediction. Numbers are unchanged; its weight-gradient convolutions are saved.
        discriminator.freeze()
        let output = generator(frames: inputs.frames, labels: inputs.labels, flow: inputs.flow)
        let prediction = output.prediction
        lastStep = (inputs, prediction.detached())
        let intensity = Losses.meanSquaredError(prediction, inputs.target)
        let gradient = Losses.gradientDifference(prediction, inputs.target, edges: loss.gradientEdges.edges)
        let adversarial = Losses.leastSquaresGenerator(fake: discriminator(prediction))
        var total = intensity * Float(loss.deltaInt) + gradient * Float(loss.deltaGd) + adversarial * Float(loss.deltaAdv)
        let triplet = generator.tripletLoss(output, margin: Float(stage.model.alpha))
        if let triplet { total = total + triplet * Float(loss.deltaTri) }
        total.backward()
        generatorOptimizer.step()

        discriminator.freeze(false)
        discriminatorOptimizer.zeroGrad()
        let discriminatorLoss = Losses.leastSquaresDiscriminator(real: discriminator(inputs.target),
                                                                 fake: discriminator(prediction.detached()))
        discriminatorLoss.backward()
        discriminatorOptimizer.step()
        return [total.item, intensity.item, gradient.item, adversarial.item, triplet?.item ?? 0, discriminatorLoss.item]
            .map(Double.init)
    }

    /// Runs the whole phase: resumes from `environment.workDirectory` when a checkpoint is there, trains to
    /// `train.generator_steps`, and writes `generator.safetensors`, `training_log.csv` and `summary.json` to `output`.
    public func run(output: URL, environment: StageEnvironment) throws {
        let total = stage.train.generatorSteps
        let recorder = TrainingRecorder(stage: "generator", lossNames: Self.lossNames, totalSteps: total,
                                        environment: environment)
        let (start, started) = try recorder.runSteps(
            checkpointEvery: stage.train.checkpointEvery,
            modules: ["generator": generator, "discriminator": discriminator],
            optimizers: ["generator": generatorOptimizer, "discriminator": discriminatorOptimizer], step: step,
            panel: panel)
        generator.eval()
        var metadata = generator.inputShape.metadata
        // One value for every spelling of the FFP U-Net, which share this artifact (see `parameters(readBy:)`).
        metadata["architecture"] = stage.model.isFramePredictionBaseline ? GeneratorArchitecture.ffp.rawValue
            : stage.model.architecture.rawValue
        metadata["steps"] = String(total)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try generator.saveCheckpoint(to: StageArtifact.generatorCheckpoint.url(in: output), metadata: metadata)
        try recorder.writeOutputs(to: output, extra: [
            "parameters": String(generator.parameterCount),
            "seconds_this_process": String(format: "%.1f", Date().timeIntervalSince(started)),
            "resumed_from_step": String(start),
        ])
    }

    /// Builds the generator of `model` for the data shape and loads `generator.safetensors` from `folder`
    /// (a phase-1 output); the result is in evaluation mode and frozen.
    public static func loadGenerator(model: ModelConfig, inputShape: GeneratorInputShape, folder: URL) throws -> F2LMGenerator {
        var random = RandomGenerator(seed: 0)
        let generator = F2LMGenerator(model: model, inputShape: inputShape, generator: &random)
        let url = StageArtifact.generatorCheckpoint.url(in: folder)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelStageError.invalidArtifact(path: url.path, message: "generator checkpoint not found")
        }
        let metadata = try generator.loadCheckpoint(from: url)
        for (key, value) in inputShape.metadata where metadata[key] != nil && metadata[key] != value {
            throw ModelStageError.invalidArtifact(path: url.path, message:
                "trained with \(key) = \(metadata[key]!), but the data now has \(value)")
        }
        generator.eval()
        generator.freeze()
        return generator
    }
}
