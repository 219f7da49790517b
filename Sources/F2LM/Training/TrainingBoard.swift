import Foundation
import TensorBoard
import VideoData

/// A training phase's TensorBoard log: every recorded step's losses (`loss/<name>`; the Destroyer's
/// `mean_difficulty` as `diff_p/mean`), learning rates (`learning_rate/<optimizer>`) and speed
/// (`speed/steps_per_second`), and every `imageEvery` steps (and at the last step) the phase's image panel
/// (`panel`, PNG).
///
/// Opened after the phase resumed from step s, it first removes the run's events above s (steps a killed process
/// logged after its last checkpoint), so every step appears once. A write error is logged once and switches the
/// log off: TensorBoard output never stops a training.
final class TrainingBoard {
    let settings: TensorBoardRun
    let totalSteps: Int
    private var writer: SummaryWriter?
    private let log: @Sendable (String) -> Void

    /// Opens the run folder of `settings`, resuming after `resumedFrom`.
    init(settings: TensorBoardRun, resumedFrom: Int, totalSteps: Int, log: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        self.totalSteps = totalSteps
        self.log = log
        do {
            writer = try SummaryWriter(directory: settings.directory, resumingAfter: resumedFrom)
        } catch {
            log("tensorboard: logging off for this node: \(error)")
        }
    }

    /// The scalar tag of a training-log column.
    static func tag(forColumn name: String) -> String {
        name == "mean_difficulty" ? "diff_p/mean" : "loss/\(name)"
    }

    /// True when step `step` (1-based) gets an image panel.
    func wantsPanel(step: Int) -> Bool {
        writer != nil && (step % settings.imageEvery == 0 || step == totalSteps)
    }

    /// Logs the scalars of one step.
    func record(step: Int, columns: [String], losses: [Double], stepsPerSecond: Double,
                learningRates: [(name: String, value: Double)]) {
        var values = zip(columns, losses).map { (tag: Self.tag(forColumn: $0.0), value: $0.1) }
        values += learningRates.map { (tag: "learning_rate/\($0.name)", value: $0.value) }
        values.append((tag: "speed/steps_per_second", value: stepsPerSecond))
        perform { try $0.scalars(values, step: step) }
    }

    /// Logs an image panel at `step`.
    func panel(_ image: RasterImage, step: Int) {
        perform { writer in
            let png = try ImageCodec.encodePNG(image, path: writer.directory.path)
            try writer.image("panel", png: png, width: image.width, height: image.height, channels: image.channels, step: step)
        }
    }

    private func perform(_ body: (SummaryWriter) throws -> Void) {
        guard let writer else { return }
        do { try body(writer) } catch {
            log("tensorboard: logging off for this node: \(error)")
            self.writer = nil
        }
    }
}
