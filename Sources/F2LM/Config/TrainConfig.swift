/// Optimisation of both phases (`train.*`; AdamW as in the authors' code).
///
/// Stages: `destroyer_steps` and `lr_destroyer` are read by the destroyer stage, every other key by the
/// generator stage (the destroyer reuses `batch` and `weight_decay` through its upstream key).
public struct TrainConfig: Sendable, Codable, Hashable {
    /// Phase-1 iterations (60,000 in the paper).
    public var generatorSteps: Int
    /// Phase-2 iterations (15,000 in the paper).
    public var destroyerSteps: Int
    /// Clips per batch (4).
    public var batch: Int
    /// AdamW learning rate of the generator (1e-4 Ped2, 2e-4 Avenue/ShanghaiTech).
    public var lrGenerator: Double
    /// AdamW learning rate of the discriminator (1e-5 / 2e-5).
    public var lrDiscriminator: Double
    /// AdamW learning rate of the Destroyer (1e-4 / 2e-4).
    public var lrDestroyer: Double
    /// AdamW weight decay (1e-4 / 2e-4).
    public var weightDecay: Double
    /// Iterations between checkpoints (a resumed run continues from the last one).
    public var checkpointEvery: Int

    /// Creates a training configuration.
    public init(generatorSteps: Int, destroyerSteps: Int, batch: Int, lrGenerator: Double, lrDiscriminator: Double,
                lrDestroyer: Double, weightDecay: Double, checkpointEvery: Int) {
        self.generatorSteps = generatorSteps
        self.destroyerSteps = destroyerSteps
        self.batch = batch
        self.lrGenerator = lrGenerator
        self.lrDiscriminator = lrDiscriminator
        self.lrDestroyer = lrDestroyer
        self.weightDecay = weightDecay
        self.checkpointEvery = checkpointEvery
    }

    enum CodingKeys: String, CodingKey {
        case generatorSteps = "generator_steps", destroyerSteps = "destroyer_steps", batch
        case lrGenerator = "lr_generator", lrDiscriminator = "lr_discriminator", lrDestroyer = "lr_destroyer"
        case weightDecay = "weight_decay", checkpointEvery = "checkpoint_every"
    }
}
