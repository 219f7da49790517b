import Foundation
import VideoData

/// One progress report of a training phase: the step just finished, the phase's total, the named loss values of
/// that step, and the measured speed.
public struct TrainingStep: Sendable {
    public var step: Int
    public var totalSteps: Int
    public var losses: [(name: String, value: Double)]
    public var stepsPerSecond: Double

    public init(step: Int, totalSteps: Int, losses: [(name: String, value: Double)], stepsPerSecond: Double) {
        self.step = step
        self.totalSteps = totalSteps
        self.losses = losses
        self.stepsPerSecond = stepsPerSecond
    }
}

/// What a model stage gets from whoever runs it (the runner's scheduler, a test, a Slurm task): thread budget,
/// a persistent work folder for mid-phase checkpoints, progress and log sinks, a cancellation check, where
/// TensorBoard events go, and where the dataset stage put the label maps and flow it derived.
///
/// `workDirectory` survives a killed process (unlike the stage's temporary output folder), so a training phase
/// resumes from its last checkpoint there; the runner removes it once the stage's artifact is complete.
public struct StageEnvironment: Sendable {
    /// Threads for BLAS/oneDNN/engine loops in this stage.
    public var threads: Int
    /// A folder kept across interruptions for resumable checkpoints of this stage.
    public var workDirectory: URL
    /// Called after every training step.
    public var progress: @Sendable (TrainingStep) -> Void
    /// Appends a line to the stage's log.
    public var log: @Sendable (String) -> Void
    /// True when the stage should stop (the stage then throws `CancellationError`).
    public var isCancelled: @Sendable () -> Bool
    /// Where a training phase writes its TensorBoard events (nil: none).
    public var tensorBoard: TensorBoardRun?
    /// The label maps and flow the dataset stage derived for a real dataset lacking them (nil: none derived;
    /// what the dataset lacks is then computed in memory).
    public var derivedInputs: DerivedInputsLocation?

    public init(threads: Int, workDirectory: URL, progress: @escaping @Sendable (TrainingStep) -> Void = { _ in },
                log: @escaping @Sendable (String) -> Void = { _ in },
                isCancelled: @escaping @Sendable () -> Bool = { false }, tensorBoard: TensorBoardRun? = nil,
                derivedInputs: DerivedInputsLocation? = nil) {
        self.threads = threads
        self.workDirectory = workDirectory
        self.progress = progress
        self.log = log
        self.isCancelled = isCancelled
        self.tensorBoard = tensorBoard
        self.derivedInputs = derivedInputs
    }
}
