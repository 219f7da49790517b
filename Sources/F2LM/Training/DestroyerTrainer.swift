import Foundation
import NN
import TensorCore
import VideoData

/// Phase 2: trains the Destroyer on the frozen generator's predictions of training clips.
///
/// Each step (batch from `BatchSchedule` with its own seed stream; noise from a generator seeded by (seed, step)):
/// A = the generator's clean prediction (generator frozen, evaluation mode, no gradients, as in the authors' code;
/// through `GeneratorOutputMemo`, so Destroyer nodes on the same generator compute it once per batch, and a node
/// that finds it there neither assembles nor digests the batch's inputs);
/// N = `PatchNoise`(A) (`destroyer.noise`, rates drawn per step); diff_p = `PatchDifficulty`(N, GT) (λ, Gaussian
/// SSIM window, `destroyer.ssim_range`); R = Destroyer(N);
/// `L = Σ_p diff_p MSE_p(Z, R) + (1 − diff_p) MSE_p(A, R)` (`DestroyerLoss`, `destroyer.loss_reduction`),
/// Z = −1 everywhere for `zero` (a true black frame; the authors load a `black.jpg` whose pixels are 0–15, i.e.
/// about −0.98 after their loader, which lowers their loss by ~3 % on the fixture: we keep the exact black the
/// paper describes), the per-scene median training frame for `background`, absent for `none`. AdamW with
/// `lr_destroyer`, `weight_decay`.
public final class DestroyerTrainer {
    /// What this stage reads of the run's configuration (`DestroyerStageView`: no score key).
    public let stage: DestroyerStageView
    /// The frozen generator.
    public let generator: F2LMGenerator
    /// Its digest in `GeneratorOutputMemo` (Destroyer nodes on one generator share its clean predictions).
    let generatorDigest: GeneratorOutputMemo.Digest
    /// The Destroyer being trained.
    public let destroyer: Destroyer
    let optimizer: AdamW
    var schedule: BatchSchedule
    let sampler: ClipSampler
    let noise: PatchNoise
    let difficulty: PatchDifficulty
    let patchSize: Int
    /// Background image per scene (C×H×W in [−1, 1]) for Z_p = background.
    let backgrounds: [String: [Float]]
    /// The noised input, output and per-pixel diff_p of the last trained step (for the TensorBoard panel).
    var lastStep: (input: [Float], output: Tensor, difficulty: Tensor)?
    /// Loss names, in the log's column order. Diagnostics (not optimised): `mean_difficulty` = mean diff_p of the
    /// step's patches; `clean_fraction` = fraction of patches the noise left unchanged; `difficulty_clean` and
    /// `difficulty_noised` = mean diff_p over the unchanged and the changed patches (0 when the step has none:
    /// weigh them by `clean_fraction` and `1 − clean_fraction` to average over steps).
    public static let lossNames = ["total", "mean_difficulty", "clean_fraction", "difficulty_clean", "difficulty_noised"]

    /// Prepares training on `sampler` (the training split) with the frozen `generator`.
    public convenience init(config: RunConfig, sampler: ClipSampler, generator: F2LMGenerator, source: String) throws {
        try self.init(stage: config.destroyerStage, sampler: sampler, generator: generator, source: source)
    }

    /// A trainer for the Destroyer stage `stage` against the frozen `generator` on `sampler`'s training clips.
    public init(stage: DestroyerStageView, sampler: ClipSampler, generator: F2LMGenerator, source: String) throws {
        self.stage = stage
        self.sampler = sampler
        self.generator = generator
        generator.eval()
        generator.freeze()
        generatorDigest = GeneratorOutputMemo.digest(of: generator)
        let seed = UInt64(bitPattern: Int64(stage.generator.seed))
        var base = RandomGenerator(seed: seed)
        var random = base.split(stream: 2)
        destroyer = Destroyer(channels: sampler.configuration.channels, width: stage.generator.model.width,
                              initialization: stage.generator.model.initialization, generator: &random)
        optimizer = AdamW(module: destroyer, learningRate: Float(stage.train.lrDestroyer),
                          weightDecay: Float(stage.generator.train.weightDecay))
        schedule = try BatchSchedule(sampler: sampler, batchSize: stage.generator.train.batch, seed: seed ^ 0xDE57_2011_0000_0002,
                                     source: source)
        let d = stage.destroyer
        patchSize = d.effectivePatchSize(resolution: stage.generator.data.resolution)
        let mode: PatchNoise.Mode
        switch d.noise {
        case .ci: mode = .channelIndependent
        case .cd: mode = .channelDependent
        case .none: mode = .none
        }
        noise = PatchNoise(mode: mode, patchSize: patchSize, noiseRate: d.noiseRate.lo...d.noiseRate.hi,
                           dropoutRate: d.dropoutRate.lo...d.dropoutRate.hi)
        difficulty = PatchDifficulty(patchSize: patchSize, lambda: d.lambda, range: d.ssimRange,
                                     windowSize: d.ssimWindow, sigma: d.ssimSigma)
        if d.zp == .background {
            backgrounds = Dictionary(uniqueKeysWithValues: sampler.scenes.map { ($0, sampler.backgroundImage(.median, scene: $0)) })
        } else {
            backgrounds = [:]
        }
    }

    /// One step (0-based); returns the losses in `lossNames` order.
    public func step(_ step: Int) -> [Double] {
        let windows = schedule.windows(step: step)
        // The targets alone; the generator's inputs are assembled only when its prediction is not in the memo.
        let batch = sampler.targets(windows)
        let clean = GeneratorOutputMemo.shared.prediction(of: generator, digest: generatorDigest,
                                                          inputsDigest: sampler.inputsDigest(windows),
                                                          inputs: { ModelInputs(sampler.batch(windows)) })
        var random = RandomGenerator(seed: (UInt64(bitPattern: Int64(stage.generator.seed)) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(step))
        var noised = clean.scalars
        let (n, c, h, w) = clean.nchw
        noise.apply(to: &noised, batch: n, channels: c, height: h, width: w, using: &random)
        let patchWeights = difficulty.weights(noised: noised, target: batch.target, batch: n, channels: c, height: h, width: w)
        let weights = Tensor(shape: clean.shape, scalars: DestroyerLoss.pixelWeights(
            patchWeights, batch: n, channels: c, height: h, width: w, patchSize: patchSize))
        let target = destroyingTarget(for: batch)
        destroyer.train()
        optimizer.zeroGrad()
        let output = destroyer(Tensor(shape: clean.shape, scalars: noised))
        let loss = DestroyerLoss.loss(output: output, kept: clean, destroyed: target, weights: weights,
                                      reduction: stage.destroyer.lossReduction, patchSize: patchSize)
        loss.backward()
        optimizer.step()
        lastStep = (noised, output.detached(), weights)
        let meanDifficulty = patchWeights.reduce(0, +) / Float(max(1, patchWeights.count))
        let split = Self.difficultyByNoise(patchWeights, clean: clean.scalars, noised: noised, batch: n, channels: c,
                                           height: h, width: w, patchSize: patchSize)
        return [Double(loss.item), Double(meanDifficulty), split.cleanFraction, split.clean, split.noised]
    }

    /// Mean diff_p over the patches the noise left unchanged (every pixel of every channel equal) and over the
    /// others, with the fraction unchanged; a mean over no patch is 0. Patch order as `PatchDifficulty.weights`.
    static func difficultyByNoise(_ weights: [Float], clean: [Float], noised: [Float], batch: Int, channels: Int,
                                  height: Int, width: Int, patchSize: Int)
        -> (cleanFraction: Double, clean: Double, noised: Double) {
        let rows = height / patchSize, cols = width / patchSize
        var cleanSum = 0.0, cleanCount = 0, noisedSum = 0.0, noisedCount = 0
        for n in 0..<batch {
            for py in 0..<rows {
                for px in 0..<cols {
                    var changed = false
                    search: for ch in 0..<channels {
                        for y in py * patchSize..<(py + 1) * patchSize {
                            let base = ((n * channels + ch) * height + y) * width
                            for x in px * patchSize..<(px + 1) * patchSize where clean[base + x] != noised[base + x] {
                                changed = true
                                break search
                            }
                        }
                    }
                    let value = Double(weights[(n * rows + py) * cols + px])
                    if changed { noisedSum += value; noisedCount += 1 } else { cleanSum += value; cleanCount += 1 }
                }
            }
        }
        let total = max(1, cleanCount + noisedCount)
        return (Double(cleanCount) / Double(total), cleanCount == 0 ? 0 : cleanSum / Double(cleanCount),
                noisedCount == 0 ? 0 : noisedSum / Double(noisedCount))
    }

    /// Z for the batch: black frames, the scenes' background images, or nil (`zp: none`).
    func destroyingTarget(for batch: ClipTargets) -> Tensor? {
        let shape = batch.targetShape
        switch stage.destroyer.zp {
        case .zero: return Tensor.full(shape, value: -1)
        case .none: return nil
        case .background:
            var values: [Float] = []
            values.reserveCapacity(shape.reduce(1, *))
            for v in batch.videoIndices { values += backgrounds[sampler.videos[v].scene]! }
            return Tensor(shape: shape, scalars: values)
        }
    }

    /// Runs the phase (resuming from the work folder) and writes `destroyer.safetensors`, `training_log.csv` and
    /// `summary.json` to `output`.
    public func run(output: URL, environment: StageEnvironment) throws {
        let total = stage.train.destroyerSteps
        let recorder = TrainingRecorder(stage: "destroyer", lossNames: Self.lossNames, totalSteps: total,
                                        environment: environment)
        let (start, started) = try recorder.runSteps(checkpointEvery: stage.generator.train.checkpointEvery,
                                                     modules: ["destroyer": destroyer],
                                                     optimizers: ["destroyer": optimizer], step: step, panel: panel)
        destroyer.eval()
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try destroyer.saveCheckpoint(to: StageArtifact.destroyerCheckpoint.url(in: output),
                                     metadata: ["channels": String(sampler.configuration.channels), "steps": String(total)])
        try recorder.writeOutputs(to: output, extra: [
            "parameters": String(destroyer.parameterCount),
            "seconds_this_process": String(format: "%.1f", Date().timeIntervalSince(started)),
            "resumed_from_step": String(start),
            "patch_size": String(patchSize),
        ])
    }

    /// Builds a Destroyer for `channels` and width `model.width` and loads `destroyer.safetensors` from
    /// `folder` (a phase-2 output); evaluation mode, frozen.
    public static func loadDestroyer(model: ModelConfig, channels: Int, folder: URL) throws -> Destroyer {
        var random = RandomGenerator(seed: 0)
        let destroyer = Destroyer(channels: channels, width: model.width, generator: &random)
        let url = StageArtifact.destroyerCheckpoint.url(in: folder)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelStageError.invalidArtifact(path: url.path, message: "destroyer checkpoint not found")
        }
        try destroyer.loadCheckpoint(from: url)
        destroyer.eval()
        destroyer.freeze()
        return destroyer
    }
}
