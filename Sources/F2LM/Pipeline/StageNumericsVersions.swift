/// The identity of the code that computes each pipeline stage's numbers: one integer per stage, part of that
/// stage's cache key (`RunConfig.stageKeys`), so cached artifacts are keyed by the code that made them.
///
/// Bump a stage's version whenever a code change moves the numbers that stage writes (a fix, an upgrade of a
/// kernel that sums in another order, a new default inside the stage). Keys chain dataset → generator → destroyer →
/// scores → evaluation, so a bump recomputes that stage and every stage after it, and reuses every stage before
/// it. A change that leaves every number bit-identical (README, report, command line, a faster kernel with the same
/// sums) bumps nothing and reuses every artifact. `StageFingerprintTests` ties each version to a digest of what a
/// tiny run of the stage writes (portable numerics), and fails until the version is bumped when that digest moves.
///
/// What each version covers:
/// - `dataset`: synthetic rendering and real-dataset indexing (VideoData), derived label maps/flow besides
///   (`DerivedInputs.version`).
/// - `generator`: F2LM/FFP generator and discriminator training (F2LM, NN, TensorCore, DNNLKernels).
/// - `destroyer`: Destroyer training on the frozen generator (F2LM/Destroyer, the generator's forward).
/// - `scores`: the per-frame score components (triplet, generator MSE, Destroyer MSE).
/// - `evaluation`: γ search, normalisation, AUC/EER and diagnostics (Metrics).
public struct StageNumericsVersions: Sendable, Hashable, Codable {
    /// Version of the dataset stage's numbers.
    public var dataset: Int
    /// Version of the generator stage's numbers.
    public var generator: Int
    /// Version of the Destroyer stage's numbers.
    public var destroyer: Int
    /// Version of the score components' numbers.
    public var scores: Int
    /// Version of the evaluation's numbers.
    public var evaluation: Int

    /// Creates a set of versions.
    public init(dataset: Int, generator: Int, destroyer: Int, scores: Int, evaluation: Int) {
        self.dataset = dataset
        self.generator = generator
        self.destroyer = destroyer
        self.scores = scores
        self.evaluation = evaluation
    }

    /// The versions of this code. Bump one (and record the new fingerprints in `StageFingerprintTests`) when
    /// that stage's numbers change.
    public static let current = StageNumericsVersions(dataset: 1, generator: 1, destroyer: 1, scores: 1, evaluation: 2)

    /// The version of `stage`'s numbers.
    public subscript(stage: PipelineStage) -> Int {
        get {
            switch stage {
            case .dataset: return dataset
            case .generator: return generator
            case .destroyer: return destroyer
            case .scores: return scores
            case .evaluation: return evaluation
            }
        }
        set {
            switch stage {
            case .dataset: dataset = newValue
            case .generator: generator = newValue
            case .destroyer: destroyer = newValue
            case .scores: scores = newValue
            case .evaluation: evaluation = newValue
            }
        }
    }

    /// The code identity a node of `stage` is keyed by, as its `done.json` records it: the versions of `stage` and
    /// every stage before it, e.g. `numerics dataset=1 generator=1` (an artifact depends on its upstream's code).
    public func identity(through stage: PipelineStage) -> String {
        "numerics " + PipelineStage.allCases.filter { $0 <= stage }.map { "\($0.rawValue)=\(self[$0])" }
            .joined(separator: " ")
    }
}
