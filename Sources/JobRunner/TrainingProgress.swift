/// One progress report from a training loop, passed to `NodeContext.reportTraining(_:)`.
public struct TrainingProgress: Sendable, Equatable {
    /// A named scalar loss, e.g. ("total", 0.123) or ("triplet", 0.05).
    public struct Loss: Sendable, Equatable {
        /// Loss name as shown to the user.
        public var name: String
        /// Current value (typically a running mean over recent steps).
        public var value: Double
        /// Creates a named loss.
        public init(_ name: String, _ value: Double) {
            self.name = name
            self.value = value
        }
    }

    /// Steps completed so far (1 … totalSteps).
    public var step: Int
    /// Total steps of this training phase.
    public var totalSteps: Int
    /// Current losses, in display order.
    public var losses: [Loss]
    /// Measured throughput in optimiser steps per second.
    public var stepsPerSecond: Double

    /// Creates a report.
    public init(step: Int, totalSteps: Int, losses: [Loss] = [], stepsPerSecond: Double) {
        self.step = step
        self.totalSteps = totalSteps
        self.losses = losses
        self.stepsPerSecond = stepsPerSecond
    }
}
