/// What each trained stage may read of a run's configuration: its own keys and those of the stages upstream of it,
/// nothing else (issue 15). A stage's cache key covers exactly these (see `RunConfig.parameters(readBy:)`), so a
/// trainer that holds only its view cannot depend on a key that is not in its key. `StageViewTests` checks every
/// view's fields against the parameter table.
///
/// The dataset stage's view is `DataConfig`; the evaluation stage's is `ScoreConfig` (whose `split` is the scores
/// stage's key, upstream of it); the scores stage's is `ScoresStageView`: the Destroyer stage's view (the networks it
/// applies) and `score.split` (the videos it applies them to).

/// The phase-1 part of `train.*`: what the generator stage reads.
public struct GeneratorTraining: Sendable, Codable, Hashable {
    /// `train.generator_steps`.
    public var generatorSteps: Int
    /// `train.batch` (also the Destroyer's batch, through its upstream key).
    public var batch: Int
    /// `train.lr_generator`.
    public var lrGenerator: Double
    /// `train.lr_discriminator`.
    public var lrDiscriminator: Double
    /// `train.weight_decay` (also the Destroyer's, through its upstream key).
    public var weightDecay: Double
    /// `train.checkpoint_every` (not identity: resumption is bit-exact).
    public var checkpointEvery: Int

    enum CodingKeys: String, CodingKey {
        case generatorSteps = "generator_steps", batch, lrGenerator = "lr_generator", lrDiscriminator = "lr_discriminator"
        case weightDecay = "weight_decay", checkpointEvery = "checkpoint_every"
    }
}

/// The phase-2 part of `train.*`: what the Destroyer stage reads of its own.
public struct DestroyerTraining: Sendable, Codable, Hashable {
    /// `train.destroyer_steps`.
    public var destroyerSteps: Int
    /// `train.lr_destroyer`.
    public var lrDestroyer: Double

    enum CodingKeys: String, CodingKey {
        case destroyerSteps = "destroyer_steps", lrDestroyer = "lr_destroyer"
    }
}

/// The generator stage's view: `data.*` (upstream), `model.*`, `loss.*`, the phase-1 `train.*` keys and `seed`.
public struct GeneratorStageView: Sendable, Hashable {
    /// `data.*`, read through the dataset stage.
    public var data: DataConfig
    /// `model.*`.
    public var model: ModelConfig
    /// `loss.*`.
    public var loss: LossConfig
    /// The phase-1 `train.*` keys.
    public var train: GeneratorTraining
    /// `seed`.
    public var seed: Int
}

/// The Destroyer stage's view: everything the generator stage reads (upstream), plus
/// `destroyer.*` and the phase-2 `train.*` keys.
public struct DestroyerStageView: Sendable, Hashable {
    /// The generator stage's view (upstream).
    public var generator: GeneratorStageView
    /// `destroyer.*`.
    public var destroyer: DestroyerConfig
    /// `train.destroyer_steps`, `train.lr_destroyer`.
    public var train: DestroyerTraining
}

/// The scores stage's view: the Destroyer stage's view (upstream) and `score.split`.
public struct ScoresStageView: Sendable, Hashable {
    /// The Destroyer stage's view: the networks that are applied.
    public var destroyer: DestroyerStageView
    /// `score.split`: which videos are scored.
    public var split: ScoreSplit
}

extension RunConfig {
    /// The generator stage's view of this configuration.
    public var generatorStage: GeneratorStageView {
        GeneratorStageView(data: data, model: model, loss: loss,
                           train: GeneratorTraining(generatorSteps: train.generatorSteps, batch: train.batch,
                                                    lrGenerator: train.lrGenerator, lrDiscriminator: train.lrDiscriminator,
                                                    weightDecay: train.weightDecay, checkpointEvery: train.checkpointEvery),
                           seed: seed)
    }

    /// The Destroyer stage's view of this configuration.
    public var destroyerStage: DestroyerStageView {
        DestroyerStageView(generator: generatorStage, destroyer: destroyer,
                           train: DestroyerTraining(destroyerSteps: train.destroyerSteps, lrDestroyer: train.lrDestroyer))
    }

    /// The scores stage's view of this configuration.
    public var scoresStage: ScoresStageView { ScoresStageView(destroyer: destroyerStage, split: score.split) }
}
