import Experiments
import Foundation

/// The bridge from the report to F2LM's `FramePredictor` (which loads a generator and optional Destroyer from
/// their stage folders and, for a test video and target frame, returns the last input frame, the real future
/// frame, the prediction and the Destroyer output as C×H×W `[Float]` in [−1, 1]).
///
/// ─── WIRING POINT (after the `model` branch is merged) ───────────────────────────────────────────────────────
/// `FramePredictor` is not in main yet, so `source(cache:)` returns `nil` and the report says that montages need
/// the model. To wire it, implement `montage(run:video:frame:)` below as:
///
///     let predictor = try FramePredictor(generator: cache.artifactDirectory(stage: "generator", key: run.generatorKey),
///                                        destroyer: run.hasDestroyer ? cache.artifactDirectory(stage: "destroyer",
///                                                                     key: run.destroyerKey) : nil, …)
///     let output = try predictor.predict(video: video, frame: frame)   // dataset: cache "dataset"/run.datasetKey
///     let image = { ModelImage(channels: c, height: h, width: w, values: $0) }
///     let mask = pixel mask `testing/pixel_masks/<video>/<frame>.png` via `FrameMontage.readMask(path:)` when the
///                dataset has one, else `FrameMontage.frameMask(isAnomalous: label, width: w, height: h)`
///     return FrameMontage(lastInput: image(output.lastInput), realFuture: image(output.real),
///                         prediction: image(output.prediction), destroyerOutput: output.destroyer.map(image),
///                         anomalyMask: mask)
///
/// and make `source(cache:)` return `FramePredictorAdapter(cache: cache)`. Nothing else in the report changes.
/// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
public struct FramePredictorAdapter: FramePredictionSource {
    /// The cache holding the runs' stage folders.
    public let cache: ArtifactCache

    /// The model-backed prediction source, or `nil` while `FramePredictor` is not available in this build.
    public static func source(cache: ArtifactCache) -> (any FramePredictionSource)? {
        nil  // FramePredictor not merged yet: see the wiring note above.
    }

    /// Not callable before wiring: `source(cache:)` never hands out an adapter, so this is unreachable.
    public func montage(run: ReportRun, video: String, frame: Int) throws -> FrameMontage {
        throw ReportError.io(path: cache.artifactDirectory(stage: "generator", key: run.generatorKey).path,
                             message: "frame predictions need F2LM.FramePredictor, which this build does not have")
    }
}
