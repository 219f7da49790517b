import Experiments
import F2LM
import Foundation
import JobRunner
import VideoData

/// The report's frame source backed by the trained models in the cache: for a run it loads F2LM's
/// `FramePredictor` (the run's generator and, when the run has one, its Destroyer, with the test split of the run's
/// dataset), predicts the requested frame and pairs it with the anomaly mask: the dataset's pixel mask
/// `testing/pixel_masks/<video>/<n>.png` (synthetic families) resized to the model's resolution, else the whole
/// frame marked by its frame label.
///
/// A run with `score.split: validation` scored its family's validation videos: they are rendered again (from the
/// data seed, into a temporary folder removed with the adapter) and its montages drawn from them.
///
/// One predictor is kept per (generator, Destroyer) pair, so the montages of every video of a run load the models
/// and the test split once. Thread-safe.
public final class FramePredictorAdapter: FramePredictionSource, @unchecked Sendable {
    // Safe to share: `predictors` is only touched while `lock` is held, and a `FramePredictor` is used under it too
    // (its modules are not meant for concurrent forward passes).
    private let lock = NSLock()
    private var predictors: [String: FramePredictor] = [:]
    /// Validation videos rendered for `score.split: validation` runs, by dataset key (files under `scratch`).
    private var validation: [String: VideoDataset] = [:]
    /// A private temporary folder for rendered validation videos, removed with the adapter.
    private let scratch: URL
    /// The cache holding the runs' stage folders.
    public let cache: ArtifactCache

    /// A source reading models from `cache`.
    public init(cache: ArtifactCache) {
        self.cache = cache
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("f2lm-report-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)", isDirectory: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The model-backed prediction source `f2lm report` uses.
    public static func source(cache: ArtifactCache) -> (any FramePredictionSource)? {
        FramePredictorAdapter(cache: cache)
    }

    /// The montage of `frame` (the frame index within the video, as in scores.csv) of test video `video`.
    /// Throws `ReportError.io` naming the missing folder when a stage of the run is not in the cache.
    public func montage(run: ReportRun, video: String, frame: Int) throws -> FrameMontage {
        lock.lock()
        defer { lock.unlock() }
        let predictor = try predictor(for: run)
        guard let index = predictor.videoNames.firstIndex(of: video) else {
            throw ReportError.io(path: cache.artifactDirectory(stage: PipelineStage.dataset.rawValue, key: run.datasetKey).path,
                                 message: "the test split has no video named \(video)")
        }
        let output = try predictor.predict(video: index, frame: frame)
        let image = { (values: [Float]) in
            ModelImage(channels: output.channels, height: output.height, width: output.width, values: values)
        }
        let mask = try anomalyMask(predictor: predictor, video: index, frame: frame, width: output.width,
                                   height: output.height)
        return FrameMontage(lastInput: image(output.lastInput), realFuture: image(output.real),
                            prediction: image(output.prediction), destroyerOutput: output.destroyed.map(image),
                            anomalyMask: mask)
    }

    /// The loaded predictor of `run` (lock held).
    private func predictor(for run: ReportRun) throws -> FramePredictor {
        let identity = run.generatorKey + "/" + (run.hasDestroyer ? run.destroyerKey : "-")
        if let loaded = predictors[identity] { return loaded }
        guard let config = run.config else {
            throw ReportError.io(path: cache.artifactDirectory(stage: PipelineStage.generator.rawValue, key: run.generatorKey).path,
                                 message: "the run's configuration is unknown, so its generator cannot be rebuilt")
        }
        func complete(_ stage: String, _ key: String) throws -> URL {
            let folder = cache.artifactDirectory(stage: stage, key: key)
            guard cache.isComplete(stage: stage, key: key) else {
                throw ReportError.io(path: folder.path, message: "the \(stage) node is not complete in the cache")
            }
            return folder
        }
        let datasetArtifact = try complete(PipelineStage.dataset.rawValue, run.datasetKey)
        let generator = try complete(PipelineStage.generator.rawValue, run.generatorKey)
        let destroyer = run.hasDestroyer ? try complete(PipelineStage.destroyer.rawValue, run.destroyerKey) : nil
        let predictor: FramePredictor
        switch config.score.split {
        case .test:
            let dataset: URL
            do {
                dataset = try DatasetArtifact.datasetFolder(artifact: datasetArtifact)
            } catch {
                throw ReportError.io(path: datasetArtifact.path, message: "\(error)")
            }
            predictor = try FramePredictor(config: config, dataset: dataset, generator: generator, destroyer: destroyer,
                                           derivedInputs: DatasetArtifact.derivedInputs(artifact: datasetArtifact))
        case .validation:
            // The run scored its family's validation videos, which its scores node rendered and removed again:
            // rendered once more (deterministic from the data seed) for the montages.
            predictor = try FramePredictor(stage: config.destroyerStage, dataset: try validationVideos(of: config, run: run),
                                           generator: generator, destroyer: destroyer)
        }
        predictors[identity] = predictor
        return predictor
    }

    /// The validation videos a `score.split: validation` run scored, rendered into this adapter's scratch folder
    /// (once per dataset node; lock held).
    private func validationVideos(of config: RunConfig, run: ReportRun) throws -> VideoDataset {
        if let loaded = validation[run.datasetKey] { return loaded }
        let folder = scratch.appendingPathComponent("validation-\(run.datasetKey)", isDirectory: true)
        let videos = try ModelStages.renderValidationVideos(data: config.data, into: folder,
                                                            source: cache.artifactDirectory(stage: PipelineStage.dataset.rawValue, key: run.datasetKey).path)
        validation[run.datasetKey] = videos
        return videos
    }

    /// The H×W mask of a frame: its pixel mask (resized, thresholded at half) when the dataset has one, else the
    /// whole frame set by the frame label (all clear when the video has no labels).
    private func anomalyMask(predictor: FramePredictor, video: Int, frame: Int, width: Int, height: Int) throws
        -> [UInt8] {
        let record = predictor.dataset.testing.first { $0.name == predictor.videoNames[video] }
        if let record, let mask = try VideoLoader.pixelMask(of: record, frame: frame, width: width, height: height) {
            return mask.map { $0 * 255 }
        }
        let label = predictor.sampler.videos[video].frameLabels?[frame] ?? 0
        return FrameMontage.frameMask(isAnomalous: label != 0, width: width, height: height)
    }
}
