import Metrics
import VideoData

extension RunConfig {
    /// The paper's configuration (Table 10, authors' code for the open choices) on `walkway` (standing for
    /// Ped2, with Ped2's γ and learning rates) at 256 × 256; `experiments/defaults.yaml` holds the same values.
    public static let paperDefaults = RunConfig(
        data: DataConfig(name: .walkway, root: nil, resolution: 256, color: true, history: 4, seed: 2024,
                         synthetic: SyntheticScale(trainVideos: 16, testVideos: 12, minFrames: 120, maxFrames: 180,
                                                    frameSize: 256),
                         labels: .scores),
        model: ModelConfig(architecture: .f2lm, width: 64, encoders: [.frame, .label, .motion], ftc: true,
                           fusion: .concatSE, alpha: 0.2, seReduction: 8),
        destroyer: DestroyerConfig(enabled: true, noise: .ci, noiseRate: RateRange(lo: 0.05, hi: 0.5),
                                   dropoutRate: RateRange(lo: 0.05, hi: 0.5), patchSize: 32, lambda: 4, zp: .zero,
                                   ssimWindow: 11, ssimSigma: 1.5),
        loss: LossConfig(deltaInt: 1, deltaGd: 1, deltaAdv: 0.05, deltaTri: 1),
        train: TrainConfig(generatorSteps: 60000, destroyerSteps: 15000, batch: 4, lrGenerator: 1e-4,
                           lrDiscriminator: 1e-5, lrDestroyer: 1e-4, weightDecay: 1e-4, checkpointEvery: 1000),
        score: ScoreConfig(gamma: .fixed(ScoreWeights(labelTriplet: 0.02, motionTriplet: 0.50, generatorMSE: 0.48,
                                                                  destroyerMSE: 1.00)),
                           normalize: .perVideo),
        seed: 0)
}
