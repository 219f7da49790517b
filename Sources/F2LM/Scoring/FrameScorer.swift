import Foundation
import Metrics
import NN
import TensorCore
import VideoData

/// Per-frame anomaly score components of every test frame after the first `history` frames of each video, in
/// video and frame order (generator and Destroyer in evaluation mode, no gradients):
/// - `label_triplet`, `motion_triplet`: the per-frame triplet losses of Z'_l vs Z_l vs Z_f (resp. m), when the
///   generator has that encoder and FTC;
/// - `generator_mse`: mean over pixels and channels of (Î − I)² with both frames mapped to [0, 1];
/// - `destroyer_mse`: the same for the Destroyer's output on the clean prediction, when there is a Destroyer.
public struct FrameScorer {
    /// The trained generator.
    public let generator: F2LMGenerator
    /// The trained Destroyer, if any.
    public let destroyer: Destroyer?
    /// Triplet margin α.
    public let margin: Float
    /// Clips per forward pass.
    public var batchSize: Int = 16

    /// A scorer for `generator` (and `destroyer`) with triplet margin `margin`.
    public init(generator: F2LMGenerator, destroyer: Destroyer?, margin: Float) {
        self.generator = generator
        self.destroyer = destroyer
        self.margin = margin
    }

    /// Scores every window of every video of `sampler` (a test split with frame labels). `isCancelled` is polled
    /// between batches (throws `CancellationError`). Throws when a video has no ground truth.
    public func score(_ sampler: ClipSampler, isCancelled: () -> Bool = { false }) throws -> ScoreTable {
        generator.eval()
        destroyer?.eval()
        var rows: [ScoreRow] = []
        for video in sampler.videos.indices {
            let name = sampler.videos[video].name
            for batch in sampler.sequentialBatches(ofVideo: video, batchSize: batchSize) {
                if isCancelled() { throw CancellationError() }
                guard batch.targetLabels.count == batch.count else {
                    throw ModelStageError.invalidArtifact(path: name, message: "test video \(name) has no frame labels")
                }
                let components = Tensor.withoutGrad { scoreBatch(ModelInputs(batch)) }
                for i in 0..<batch.count {
                    rows.append(ScoreRow(video: name, frame: batch.targetFrameIndices[i],
                                         isAnomalous: batch.targetLabels[i] != 0,
                                         labelTriplet: components.label?[i], motionTriplet: components.motion?[i],
                                         generatorMSE: components.generator[i], destroyerMSE: components.destroyer?[i]))
                }
            }
        }
        return ScoreTable(rows: rows)
    }

    /// Per sample, the mean over pixels and channels of (Î − I)² with both NCHW frames mapped from [−1, 1] to
    /// [0, 1], i.e. `mean((Î − I)²) / 4`: the authors' per-frame `SSE` (an MSE despite its name, a quarter of the
    /// intensity loss on [−1, 1]).
    public static func frameMSE(_ prediction: Tensor, _ target: Tensor) -> [Double] {
        // ((p + 1)/2 − (t + 1)/2)² = (p − t)² / 4.
        Losses.perSampleMeanSquaredError(prediction, target).scalars.map { Double($0) / 4 }
    }

    /// The components of one batch, one value per clip.
    func scoreBatch(_ inputs: ModelInputs) -> (label: [Double]?, motion: [Double]?, generator: [Double], destroyer: [Double]?) {
        let output = generator(frames: inputs.frames, labels: inputs.labels, flow: inputs.flow)
        let triplets = generator.perSampleTriplets(output, margin: margin)
        let generatorMSE = Self.frameMSE(output.prediction, inputs.target)
        let destroyerMSE = destroyer.map { d in Self.frameMSE(d(output.prediction), inputs.target) }
        return (triplets.label?.scalars.map(Double.init), triplets.motion?.scalars.map(Double.init), generatorMSE, destroyerMSE)
    }
}
