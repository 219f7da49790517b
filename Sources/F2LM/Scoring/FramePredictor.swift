import Foundation
import NN
import TensorCore
import VideoData

/// One test frame as the model sees it, each image C×H×W in [−1, 1] (planar, row-major).
public struct FramePrediction: Sendable {
    /// The last input frame.
    public var lastInput: [Float]
    /// The real future frame.
    public var real: [Float]
    /// The generator's prediction.
    public var prediction: [Float]
    /// The Destroyer's output on the clean prediction (nil without a Destroyer).
    public var destroyed: [Float]?
    /// Channels C.
    public var channels: Int
    /// Height H.
    public var height: Int
    /// Width W.
    public var width: Int
}

/// Loads a trained generator (and optionally a Destroyer) from their stage folders with the test split of a
/// dataset: what the scoring stage scores with, and what predicts single frames for the report's montages.
public final class FramePredictor {
    /// The dataset on disk (paths of frames, labels, pixel masks).
    public let dataset: VideoDataset
    /// The test split.
    public let sampler: ClipSampler
    /// The generator (evaluation mode).
    public let generator: F2LMGenerator
    /// The Destroyer, if loaded.
    public let destroyer: Destroyer?

    /// Loads everything; `generator` and `destroyer` are phase-1 and phase-2 output folders; `derivedInputs` the
    /// dataset stage's derived label maps and flow, if it derived any (else computed in memory).
    public convenience init(config: RunConfig, dataset: URL, generator: URL, destroyer: URL?,
                            derivedInputs: DerivedInputsLocation? = nil) throws {
        try self.init(stage: config.destroyerStage, dataset: dataset, generator: generator, destroyer: destroyer,
                      derivedInputs: derivedInputs)
    }

    /// Loads everything for the scores stage's view `stage` (the Destroyer stage's view: the scores stage reads no
    /// key of its own).
    public convenience init(stage: DestroyerStageView, dataset: URL, generator: URL, destroyer: URL?,
                            derivedInputs: DerivedInputsLocation? = nil) throws {
        try self.init(stage: stage, dataset: try StageData.dataset(dataset, derivedInputs: derivedInputs),
                      generator: generator, destroyer: destroyer)
    }

    /// Loads the networks for `stage` to score the test split of an already loaded `data` (for instance the
    /// validation videos as loaded by `VideoDataset.loadValidation`).
    public init(stage: DestroyerStageView, dataset data: VideoDataset, generator: URL, destroyer: URL?) throws {
        self.dataset = data
        let testSplit = try StageData.sampler(data: stage.generator.data, dataset: data, split: .testing)
        sampler = testSplit
        self.generator = try GeneratorTrainer.loadGenerator(model: stage.generator.model,
                                                            inputShape: StageData.inputShape(testSplit.configuration),
                                                            folder: generator)
        self.destroyer = try destroyer.map {
            try DestroyerTrainer.loadDestroyer(model: stage.generator.model, channels: testSplit.configuration.channels, folder: $0)
        }
    }

    /// The names of the test videos, in sampler order.
    public var videoNames: [String] { sampler.videos.map(\.name) }

    /// The prediction of frame `frame` (≥ history) of test video number `video`; throws when out of range.
    public func predict(video: Int, frame: Int) throws -> FramePrediction {
        let c = sampler.configuration
        guard sampler.videos.indices.contains(video), frame >= c.history, frame < sampler.videos[video].frameCount else {
            throw ModelStageError.invalidArtifact(path: "video \(video)", message:
                "no frame \(frame) to predict (frames \(c.history)…\(video < sampler.videos.count ? sampler.videos[video].frameCount - 1 : -1))")
        }
        let batch = sampler.batch([sampler.windows(ofVideo: video)[frame - c.history]])
        let inputs = ModelInputs(batch)
        return Tensor.withoutGrad {
            let prediction = generator(frames: inputs.frames, labels: inputs.labels, flow: inputs.flow).prediction
            let plane = c.channels * c.height * c.width
            return FramePrediction(lastInput: Array(batch.frames[((c.history - 1) * plane)..<(c.history * plane)]),
                                   real: batch.target, prediction: prediction.scalars,
                                   destroyed: destroyer.map { $0(prediction).scalars },
                                   channels: c.channels, height: c.height, width: c.width)
        }
    }
}
