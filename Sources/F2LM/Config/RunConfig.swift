/// Everything that defines one run (one trained and evaluated model): every hyperparameter of the paper's
/// Table 10 and every open choice of METHOD.md. Pure values; the YAML files in `experiments/` decode into it.
///
/// `seed` seeds generator and Destroyer training (weight initialisation, clip sampling, noise); the synthetic
/// dataset has its own fixed `data.seed`, so seeds vary the model, never the data.
public struct RunConfig: Sendable, Codable, Hashable {
    /// Dataset and frame preparation.
    public var data: DataConfig
    /// Generator architecture.
    public var model: ModelConfig
    /// Destroyer and its noise.
    public var destroyer: DestroyerConfig
    /// Generator loss weights.
    public var loss: LossConfig
    /// Optimisation of both phases.
    public var train: TrainConfig
    /// Score weighting and normalisation.
    public var score: ScoreConfig
    /// Training seed (generator and Destroyer).
    public var seed: Int

    /// Creates a run configuration.
    public init(data: DataConfig, model: ModelConfig, destroyer: DestroyerConfig, loss: LossConfig,
                train: TrainConfig, score: ScoreConfig, seed: Int) {
        self.data = data
        self.model = model
        self.destroyer = destroyer
        self.loss = loss
        self.train = train
        self.score = score
        self.seed = seed
    }
}
