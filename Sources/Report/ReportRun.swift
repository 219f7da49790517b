import Experiments
import F2LM
import Metrics

/// One run as the report sees it: its place in the table, the cache keys of its stages, and how its score is
/// formed (fixed γ from the config, replaced by the γ in the evaluation node's `metrics.json` when there is one).
public struct ReportRun: Sendable, Equatable {
    /// Table row label (as in runs.csv; with ", <column>" when the table's columns are grid values).
    public var row: String
    /// Dataset key (`ped2`, `synthetic`, …).
    public var dataset: String
    /// Training seed.
    public var seed: Int
    /// Cache key of the dataset node.
    public var datasetKey: String
    /// Cache key of the generator node (phase 1).
    public var generatorKey: String
    /// Cache key of the destroyer node (phase 2).
    public var destroyerKey: String
    /// Cache key of the scores node (`scores.csv`).
    public var scoresKey: String
    /// Cache key of the evaluation node.
    public var evaluationKey: String
    /// The run's hash: runs.csv's `run_hash` and the `run` column of `f2lm plan` (`--run` takes a prefix of it).
    public var runHash: String
    /// The configured γ, or `nil` when the config says `search` (then only `metrics.json` knows the γ).
    public var weights: ScoreWeights?
    /// Standardisation scope of the score components.
    public var normalization: NormalizationScope
    /// Whether the run trains a Destroyer.
    public var hasDestroyer: Bool
    /// The run's full configuration (rebuilds its networks for frame montages); nil for runs not from a plan.
    public var config: RunConfig?

    /// A run from its parts.
    public init(row: String, dataset: String, seed: Int, datasetKey: String, generatorKey: String,
                destroyerKey: String, scoresKey: String, evaluationKey: String, weights: ScoreWeights?,
                normalization: NormalizationScope, hasDestroyer: Bool, config: RunConfig? = nil,
                runHash: String) {
        self.row = row
        self.dataset = dataset
        self.seed = seed
        self.datasetKey = datasetKey
        self.generatorKey = generatorKey
        self.destroyerKey = destroyerKey
        self.scoresKey = scoresKey
        self.evaluationKey = evaluationKey
        self.runHash = runHash
        self.weights = weights
        self.normalization = normalization
        self.hasDestroyer = hasDestroyer
        self.config = config
    }

    /// The report's view of a planned run shown in table row `row`.
    public init(planned run: PlannedRun, row: String) {
        let keys = run.stageKeys
        var weights: ScoreWeights?
        if case .fixed(let gamma) = run.config.score.gamma { weights = gamma }
        self.init(row: row, dataset: run.dataset.rawValue, seed: run.seed,
                  datasetKey: keys.dataset, generatorKey: keys.generator, destroyerKey: keys.destroyer,
                  scoresKey: keys.scores, evaluationKey: keys.evaluation, weights: weights,
                  normalization: run.config.score.normalize,
                  hasDestroyer: run.config.destroyer.enabled, config: run.config,
                  runHash: run.hash)
    }

    /// The runs of an expanded spec, each in its table row as runs.csv labels it (with its column, for a sweep whose
    /// columns are grid values: `ResultsLayout.configurationLabel`).
    public static func runs(of spec: ExpandedSpec) -> [ReportRun] {
        spec.runs.map { ReportRun(planned: $0, row: ResultsLayout.configurationLabel(of: $0, in: spec.spec)) }
    }
}
