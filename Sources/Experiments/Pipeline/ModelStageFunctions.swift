import F2LM
import Foundation

/// The three model stages the pipeline calls, as closures, so the wiring can be tested with stand-ins.
/// `ModelStageFunctions.model` (the default everywhere) calls `F2LM.ModelStages`.
public struct ModelStageFunctions: Sendable {
    /// Phase 1: `(config, dataset folder, output folder, environment)`.
    public var trainGenerator: @Sendable (RunConfig, URL, URL, StageEnvironment) throws -> Void
    /// Phase 2: `(config, dataset folder, generator folder, output folder, environment)`.
    public var trainDestroyer: @Sendable (RunConfig, URL, URL, URL, StageEnvironment) throws -> Void
    /// Scoring: `(config, dataset folder, generator folder, destroyer folder or nil, output folder, environment)`;
    /// writes `scores.csv`.
    public var score: @Sendable (RunConfig, URL, URL, URL?, URL, StageEnvironment) throws -> Void

    /// Stage functions from closures.
    public init(trainGenerator: @escaping @Sendable (RunConfig, URL, URL, StageEnvironment) throws -> Void,
                trainDestroyer: @escaping @Sendable (RunConfig, URL, URL, URL, StageEnvironment) throws -> Void,
                score: @escaping @Sendable (RunConfig, URL, URL, URL?, URL, StageEnvironment) throws -> Void) {
        self.trainGenerator = trainGenerator
        self.trainDestroyer = trainDestroyer
        self.score = score
    }

    /// The real model: `ModelStages.trainGenerator`, `.trainDestroyer`, `.score`.
    public static let model = ModelStageFunctions(
        trainGenerator: { try ModelStages.trainGenerator(config: $0, dataset: $1, output: $2, environment: $3) },
        trainDestroyer: { try ModelStages.trainDestroyer(config: $0, dataset: $1, generator: $2, output: $3, environment: $4) },
        score: { try ModelStages.score(config: $0, dataset: $1, generator: $2, destroyer: $3, output: $4, environment: $5) })
}
