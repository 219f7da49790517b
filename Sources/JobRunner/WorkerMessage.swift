import Foundation

/// A line from a parent scheduler to its worker process (`NodeWorker`), one JSON object per line on the worker's
/// standard input.
public struct WorkerCommand: Codable, Sendable, Equatable {
    /// What the parent asks.
    public enum Kind: String, Codable, Sendable {
        /// Run node `key` with `threads` threads and rerun policy `rerun`.
        case run
        /// Stop: start nothing more, ask the running nodes to stop (the plan was cancelled).
        case cancel
    }
    /// What the parent asks.
    public var kind: Kind
    /// The node (for `run`).
    public var key: String?
    /// BLAS/oneDNN threads of the node (for `run`).
    public var threads: Int?
    /// The rerun policy of the node (for `run`).
    public var rerun: RerunPolicy?

    /// Creates a command.
    public init(kind: Kind, key: String? = nil, threads: Int? = nil, rerun: RerunPolicy? = nil) {
        self.kind = kind
        self.key = key
        self.threads = threads
        self.rerun = rerun
    }
}

/// A line from a worker process to its parent: `WorkerMessage.prefix` then one JSON object, on the worker's
/// standard output (other lines there are not messages and are kept with the worker's standard error).
public struct WorkerMessage: Codable, Sendable, Equatable {
    /// The marker that starts every message line.
    public static let prefix = "@f2lm-worker "

    /// What happened.
    public enum Kind: String, Codable, Sendable {
        /// The node waits for a lock another process holds.
        case waiting
        /// The node's cached artifact did not verify (`problem`) and is removed.
        case corrupt
        /// The node's executor starts (`threads`).
        case started
        /// Training progress (`step`, `totalSteps`, `lossNames`/`lossValues`, `stepsPerSecond`).
        case training
        /// The node's attempt ended (`status`, `seconds`, `reason`).
        case finished
    }
    /// What happened.
    public var kind: Kind
    /// The node.
    public var key: String
    /// For `started`.
    public var threads: Int?
    /// For `corrupt`.
    public var problem: String?
    /// For `training`.
    public var step: Int?
    /// For `training`.
    public var totalSteps: Int?
    /// For `training`, in display order.
    public var lossNames: [String]?
    /// For `training`, matching `lossNames`.
    public var lossValues: [Double]?
    /// For `training`.
    public var stepsPerSecond: Double?
    /// For `finished`.
    public var status: NodeStatus?
    /// For `finished`.
    public var seconds: Double?
    /// For `finished` (failed, skipped, cancelled).
    public var reason: String?

    /// Creates a message of `kind` about node `key` (set the fields of the kind afterwards).
    public init(kind: Kind, key: String) {
        self.kind = kind
        self.key = key
    }

    /// A `training` message.
    public static func training(_ key: String, _ progress: TrainingProgress) -> WorkerMessage {
        var message = WorkerMessage(kind: .training, key: key)
        message.step = progress.step
        message.totalSteps = progress.totalSteps
        message.lossNames = progress.losses.map(\.name)
        message.lossValues = progress.losses.map(\.value)
        message.stepsPerSecond = progress.stepsPerSecond
        return message
    }

    /// The progress of a `training` message.
    public var trainingProgress: TrainingProgress {
        let names = lossNames ?? []
        let values = lossValues ?? []
        return TrainingProgress(step: step ?? 0, totalSteps: totalSteps ?? 0,
                                losses: zip(names, values).map { TrainingProgress.Loss($0, $1) },
                                stepsPerSecond: stepsPerSecond ?? 0)
    }

    /// The message as one line (prefix, compact JSON, newline).
    public func line() -> String {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Self.prefix + String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The message of `line`, nil when the line is not a message.
    public static func parse(_ line: Substring) -> WorkerMessage? {
        guard line.hasPrefix(prefix) else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(WorkerMessage.self, from: Data(line.dropFirst(prefix.count).utf8))
    }
}

extension RerunPolicy: Codable {}
