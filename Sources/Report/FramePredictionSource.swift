import Foundation

/// What the report needs from the model to draw a frame montage: for a run, a test video and a target frame, the
/// six pictures of `FrameMontage` (model outputs and the anomaly mask). Implemented over F2LM's `FramePredictor`
/// by `FramePredictorAdapter`.
public protocol FramePredictionSource: Sendable {
    /// The montage of `frame` of test `video` for `run`; throws when the model or the frame cannot be loaded.
    func montage(run: ReportRun, video: String, frame: Int) throws -> FrameMontage
}
