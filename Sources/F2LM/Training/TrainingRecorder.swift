import CSV
import Foundation
import NN
import VideoData

/// What both training phases share: the resumable step loop, the CSV training log (`step`, one column per loss,
/// `steps_per_second`), the TensorBoard log (`TrainingBoard`, when the environment names a run folder), the speed
/// measurement, progress reports, cancellation and the non-finite loss check.
final class TrainingRecorder {
    let stage: String
    let lossNames: [String]
    let totalSteps: Int
    let environment: StageEnvironment
    private(set) var lines: [String]
    private var lastTime = Date()
    private(set) var lastLosses: [Double] = []
    private var speeds: [Double] = []
    private var board: TrainingBoard?
    private var optimizers: [String: AdamW] = [:]

    init(stage: String, lossNames: [String], totalSteps: Int, environment: StageEnvironment) {
        self.stage = stage
        self.lossNames = lossNames
        self.totalSteps = totalSteps
        self.environment = environment
        lines = [CSVWriter.record(["step"] + lossNames + ["steps_per_second"])]
    }

    /// The log as CSV text.
    var csv: String { lines.joined(separator: "\n") + "\n" }

    /// Replaces the log by a resumed one (only rows up to `step` are kept; a log with another header, or one that
    /// is not CSV, is not resumed).
    private func resume(log: String, step: Int) {
        guard let records = try? CSVReader.records(in: log, file: "\(stage) checkpoint log"),
              let header = records.first, CSVWriter.record(header.fields) == lines[0] else { return }
        lines = [lines[0]] + records.dropFirst().filter { record in
            Int(record.fields[0]).map { $0 <= step } ?? false
        }.map { CSVWriter.record($0.fields) }
        lastTime = Date()
    }

    /// Throws `CancellationError` when the environment asks to stop.
    private func checkCancelled() throws {
        if environment.isCancelled() { throw CancellationError() }
    }

    /// Records step `step` (1-based) with its losses; throws `ModelStageError.nonFiniteLoss` on NaN/inf.
    func record(step: Int, losses: [Double]) throws {
        for (name, value) in zip(lossNames, losses) where !value.isFinite {
            throw ModelStageError.nonFiniteLoss(stage: stage, step: step, name: name, value: value)
        }
        let now = Date()
        let speed = 1 / max(now.timeIntervalSince(lastTime), 1e-9)
        lastTime = now
        speeds.append(speed)
        lastLosses = losses
        lines.append(CSVWriter.record([String(step)] + losses.map { String(format: "%.6g", $0) }
                                      + [String(format: "%.3f", speed)]))
        board?.record(step: step, columns: lossNames, losses: losses, stepsPerSecond: speed, learningRates: optimizers.keys.sorted().map { (name: $0, value: Double(optimizers[$0]!.learningRate)) })
        environment.progress(TrainingStep(step: step, totalSteps: totalSteps,
                                          losses: Array(zip(lossNames, losses)).map { (name: $0.0, value: $0.1) },
                                          stepsPerSecond: speed))
    }

    /// The phase's training loop, resumable bit-exactly: loads this stage's newest checkpoint from the work folder
    /// into `modules`, `optimizers` and the log, trains the remaining steps up to `totalSteps` (`step(s)` trains
    /// the 0-based step s and returns its losses), records each, and checkpoints every `checkpointEvery` completed
    /// steps (not after the last). With `environment.tensorBoard`, each step's scalars and, at the panel steps,
    /// `panel()` (a picture of the step just trained) go to the node's TensorBoard run. Returns the step it
    /// resumed from and when this process's steps began.
    func runSteps(checkpointEvery: Int, modules: [String: Module], optimizers: [String: AdamW],
                  step: (Int) -> [Double], panel: (() -> RasterImage?)? = nil) throws -> (resumedFrom: Int, started: Date) {
        let checkpoint = ResumableCheckpoint(workDirectory: environment.workDirectory)
        var start = 0
        if let resumed = try checkpoint.load(phase: stage, modules: modules, optimizers: optimizers) {
            start = min(resumed.step, totalSteps)
            resume(log: resumed.log, step: start)
            environment.log("\(stage): resumed from step \(start)")
        }
        if let settings = environment.tensorBoard, start < totalSteps {
            board = TrainingBoard(settings: settings, resumedFrom: start, totalSteps: totalSteps, log: environment.log)
            self.optimizers = optimizers
        }
        let started = Date()
        for s in start..<totalSteps {
            try checkCancelled()
            try record(step: s + 1, losses: step(s))
            if let board, board.wantsPanel(step: s + 1), let image = panel?() { board.panel(image, step: s + 1) }
            if (s + 1) % max(1, checkpointEvery) == 0 && s + 1 < totalSteps {
                try checkpoint.save(step: s + 1, phase: stage, modules: modules, optimizers: optimizers, log: csv)
            }
        }
        return (start, started)
    }

    /// Median measured speed of this process's steps.
    var medianStepsPerSecond: Double {
        speeds.isEmpty ? 0 : speeds.sorted()[speeds.count / 2]
    }

    /// Writes `training_log.csv` and `summary.json` (steps, final losses, median speed, extra fields) to `output`.
    func writeOutputs(to output: URL, extra: [String: String]) throws {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: StageArtifact.trainingLog.url(in: output))
        var summary: [String: String] = extra
        summary["stage"] = stage
        summary["steps"] = String(totalSteps)
        summary["steps_per_second_median"] = String(format: "%.3f", medianStepsPerSecond)
        for (name, value) in zip(lossNames, lastLosses) { summary["final_\(name)"] = String(format: "%.6g", value) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(summary).write(to: output.appendingPathComponent("summary.json"))
    }
}
