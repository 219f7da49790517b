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
    /// The generator's digest in `GeneratorOutputMemo` (scores nodes on one generator share its outputs).
    let generatorDigest: GeneratorOutputMemo.Digest

    /// A scorer for `generator` (evaluation mode) and `destroyer` with triplet margin `margin`.
    public init(generator: F2LMGenerator, destroyer: Destroyer?, margin: Float) {
        self.generator = generator
        generatorDigest = GeneratorOutputMemo.digest(of: generator)
        self.destroyer = destroyer
        self.margin = margin
    }

    /// Scores every window of every video of `sampler` (a test split with frame labels). `isCancelled` is polled
    /// between batches (throws `CancellationError`). Throws when a video has no ground truth.
    public func score(_ sampler: ClipSampler, isCancelled: () -> Bool = { false }) throws -> ScoreTable {
        try score(sampler, anomalyMask: { _, _ in nil }, isCancelled: isCancelled).table
    }

    /// Scores like `score(_:isCancelled:)` and, with a Destroyer, measures its test-time change inside and outside
    /// the anomaly masks (`DestroyerChange`); `anomalyMask(video, frame)` gives the H×W 0/1 mask of a target frame at
    /// the working resolution, nil when the dataset has none. `change` is nil without a Destroyer.
    public func score(_ sampler: ClipSampler, anomalyMask: (Int, Int) throws -> [UInt8]?,
                      isCancelled: () -> Bool = { false }) throws -> (table: ScoreTable, change: DestroyerChange?) {
        var accumulator = DestroyerChangeAccumulator()
        let pixels = sampler.configuration.width * sampler.configuration.height
        generator.eval()
        destroyer?.eval()
        var rows: [ScoreRow] = []
        for video in sampler.videos.indices {
            let name = sampler.videos[video].name
            for chunk in sampler.sequentialWindows(ofVideo: video, batchSize: batchSize) {
                if isCancelled() { throw CancellationError() }
                // The targets alone; the generator's inputs are assembled only when its outputs are not in the memo.
                let batch = sampler.targets(chunk)
                guard batch.targetLabels.count == batch.count else {
                    throw ModelStageError.invalidArtifact(path: name, message: "test video \(name) has no frame labels")
                }
                let target = Tensor(shape: batch.targetShape, scalars: batch.target)
                let components = Tensor.withoutGrad {
                    scoreBatch(inputsDigest: sampler.inputsDigest(chunk), inputs: { ModelInputs(sampler.batch(chunk)) },
                               target: target)
                }
                if let change = components.change {
                    for i in 0..<batch.count {
                        accumulator.add(change: change[(i * pixels)..<((i + 1) * pixels)],
                                        mask: try anomalyMask(video, batch.targetFrameIndices[i]))
                    }
                }
                for i in 0..<batch.count {
                    rows.append(ScoreRow(video: name, frame: batch.targetFrameIndices[i],
                                         isAnomalous: batch.targetLabels[i] != 0,
                                         labelTriplet: components.label?[i], motionTriplet: components.motion?[i],
                                         generatorMSE: components.generator[i], destroyerMSE: components.destroyer?[i]))
                }
            }
        }
        return (ScoreTable(rows: rows), destroyer == nil ? nil : accumulator.result)
    }

    /// Per sample, the mean over pixels and channels of (Î − I)² with both NCHW frames mapped from [−1, 1] to
    /// [0, 1], i.e. `mean((Î − I)²) / 4`: the authors' per-frame `SSE` (an MSE despite its name, a quarter of the
    /// intensity loss on [−1, 1]).
    public static func frameMSE(_ prediction: Tensor, _ target: Tensor) -> [Double] {
        // ((p + 1)/2 − (t + 1)/2)² = (p − t)² / 4.
        Losses.perSampleMeanSquaredError(prediction, target).scalars.map { Double($0) / 4 }
    }

    /// The components of one batch, one value per clip, and with a Destroyer its change Δ = (D(Î) − Î) / 2 per
    /// pixel averaged over channels (N·H·W, clip-major).
    /// The batch's generator inputs are the ones `inputsDigest` identifies (`ClipSampler.inputsDigest`), built by
    /// `inputs` only when the generator's outputs are not in `GeneratorOutputMemo`; `target` holds its real frames.
    func scoreBatch(inputsDigest: GeneratorOutputMemo.Digest, inputs: () -> ModelInputs, target: Tensor)
        -> (label: [Double]?, motion: [Double]?, generator: [Double], destroyer: [Double]?, change: [Double]?) {
        let output = GeneratorOutputMemo.shared.scoringOutputs(of: generator, digest: generatorDigest,
                                                               inputsDigest: inputsDigest, inputs: inputs, margin: margin)
        let label = output.labelTriplet?.scalars.map(Double.init), motion = output.motionTriplet?.scalars.map(Double.init)
        let generatorMSE = Self.frameMSE(output.prediction, target)
        guard let destroyer else { return (label, motion, generatorMSE, nil, nil) }
        let destroyed = destroyer(output.prediction)
        let destroyerMSE = Self.frameMSE(destroyed, target)
        return (label, motion, generatorMSE, destroyerMSE, Self.channelMeanChange(from: output.prediction, to: destroyed))
    }

    /// `(b − a) / 2` averaged over channels, per sample and pixel, for NCHW tensors on [−1, 1]: the change from `a`
    /// to `b` on the [0, 1] scale, N·H·W values.
    static func channelMeanChange(from a: Tensor, to b: Tensor) -> [Double] {
        let shape = a.shape
        precondition(shape == b.shape && shape.count == 4, "channelMeanChange: shapes \(a.shape) and \(b.shape)")
        let (n, c, plane) = (shape[0], shape[1], shape[2] * shape[3])
        let x = a.scalars, y = b.scalars
        var out = [Double](repeating: 0, count: n * plane)
        for s in 0..<n {
            for k in 0..<c {
                let base = (s * c + k) * plane
                for i in 0..<plane { out[s * plane + i] += Double(y[base + i] - x[base + i]) / 2 }
            }
        }
        return out.map { $0 / Double(c) }
    }
}
