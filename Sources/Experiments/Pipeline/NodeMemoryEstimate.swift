import F2LM
import Foundation
import JobRunner
import NN
import TensorCore
import VideoData
import Synchronization

/// The memory one node needs, estimated from its resolved configuration before anything runs, so `f2lm run`
/// refuses a plan whose node cannot fit (`NodeMemoryCheck`) instead of aborting inside an allocation.
///
/// bytes = runtime + parameters + activations + data + memo, with (4-byte floats)
/// - parameters: `trainedParameterBytes` per trained parameter (weights, gradients and AdamW's two moments are
///   16 B; the rest, fitted to measured peak RSS, are the kernels' reordered weights, pooled gradient buffers and
///   the checkpoint being written) and `frozenParameterBytes[stage]` per frozen one (generator node: generator +
///   discriminator trained; destroyer node: Destroyer trained, generator frozen; scores node: both frozen).
///   Counts are exact (`NodeMemoryEstimate.parameterCount`);
/// - activations: `activationFactor[stage] · batch · data.resolution² · model.width` bytes (batch: train.batch;
///   16 frames for scoring, `FrameScorer.batchSize`) — the tensors a step keeps (for its backward pass) scale with
///   the batch, the pixels and the width; the factors are fitted to measured peak RSS (docs/isolation.md). Scoring
///   keeps no graph: its term is capped at the buffer pool's capacity (`BufferPool.capacityBytes`, 1 GiB) plus
///   `scoringLiveFactor · 16 · resolution² · width` for one batch's live tensors;
/// - data: the split a node holds in memory, frames as bytes, class maps and flow (2 floats) at the working
///   resolution: videos · max_frames · resolution² · (C + 1 + 8) B, plus one video at the render size while it
///   loads (synthetic families; a real dataset's videos are not counted);
/// - memo: the generator outputs a Destroyer or scores node keeps (`GeneratorOutputMemo`, at most 256 MiB).
public struct NodeMemoryEstimate: Sendable, Equatable {
    /// The node's stage.
    public var stage: PipelineStage
    /// Process runtime (code, libraries, kernel caches) in bytes.
    public var runtimeBytes: Int
    /// Parameters, gradients and optimiser moments in bytes.
    public var parameterBytes: Int
    /// Activations of a training (or scoring) step in bytes.
    public var activationBytes: Int
    /// The dataset held in memory, in bytes.
    public var dataBytes: Int
    /// Generator outputs kept for reuse (`GeneratorOutputMemo`), in bytes.
    public var memoBytes: Int
    /// The configuration keys behind the estimate with their values, largest term first.
    public var drivingKeys: [(key: String, value: String)]

    /// The whole estimate in bytes.
    public var totalBytes: Int { runtimeBytes + parameterBytes + activationBytes + dataBytes + memoBytes }

    public static func == (lhs: NodeMemoryEstimate, rhs: NodeMemoryEstimate) -> Bool {
        lhs.stage == rhs.stage && lhs.totalBytes == rhs.totalBytes && lhs.parameterBytes == rhs.parameterBytes
            && lhs.activationBytes == rhs.activationBytes && lhs.dataBytes == rhs.dataBytes
            && lhs.drivingKeys.map(\.key) == rhs.drivingKeys.map(\.key)
    }

    /// Resident memory of an `f2lm node serve` process running a small node (measured: evaluation nodes).
    public static let runtimeBytes = 40 << 20
    /// Bytes per `batch · resolution² · width` of a step's activations, per stage (fitted to measured peak RSS at
    /// widths 8/32, resolutions 32/64, batches 4/16: docs/isolation.md).
    public static let activationFactor: [PipelineStage: Double] = [.generator: 670, .destroyer: 520, .scores: 830]
    /// Bytes per `16 · resolution² · width` of the live tensors of one scoring batch (fitted at width 32, resolution 128).
    public static let scoringLiveFactor = 16.0
    /// Bytes per trained parameter (fitted; 16 of them are weights, gradients and AdamW's moments).
    public static let trainedParameterBytes = 48.0
    /// Bytes per frozen parameter, per stage (fitted).
    public static let frozenParameterBytes: [PipelineStage: Double] = [.destroyer: 16, .scores: 48]

    /// The estimate for the node of `stage` of a run with `config`.
    public init(stage: PipelineStage, config: RunConfig) {
        self.stage = stage
        runtimeBytes = Self.runtimeBytes
        let data = config.data
        let channels = data.color ? 3 : 1
        let pixels = Double(data.resolution) * Double(data.resolution)
        let width = Double(config.model.width)
        let batch = Double(config.train.batch)
        // data.labels: scores feeds 21 VOC score planes per frame, held as Float per working pixel (issue 30).
        let scores = data.labels == .scores
        let shape = GeneratorInputShape(channels: channels,
                                        classCount: scores ? VOCClasses.names.count : SyntheticFamily.classNames.count,
                                        history: max(2, data.history))
        func split(_ videos: Int) -> Double {
            guard !data.name.isReal else { return 0 }
            let frames = Double(videos) * Double(data.synthetic.maxFrames)
            let loading = Double(data.synthetic.maxFrames) * Double(data.synthetic.frameSize * data.synthetic.frameSize) * Double(channels + 8)
            return frames * pixels * Double(channels + 1 + 8 + (scores ? 4 * VOCClasses.names.count : 0)) + loading
        }
        let generator = Double(Self.parameterCount(.generator, model: config.model, shape: shape))
        let discriminator = Double(Self.parameterCount(.discriminator, model: config.model, shape: shape))
        let destroyer = Double(Self.parameterCount(.destroyer, model: config.model, shape: shape))
        var activations = (Self.activationFactor[stage] ?? 0) * (stage == .scores ? 16 : batch) * pixels * width
        if stage == .scores {
            // Scoring keeps no graph: beyond small sizes its growth is freed buffers the pool caches (at most
            // `BufferPool.capacityBytes`), plus the live tensors of one batch.
            activations = min(activations, Double(BufferPool.capacityBytes)) + Self.scoringLiveFactor * 16 * pixels * width
        }
        let memoCap = Double(256 << 20)
        var parameters = 0.0, dataBytes = 0.0, memo = 0.0
        switch stage {
        case .dataset:
            dataBytes = split(1)
        case .generator:
            parameters = Self.trainedParameterBytes * (generator + discriminator)
            dataBytes = split(data.synthetic.trainVideos)
        case .destroyer:
            parameters = config.destroyer.enabled
                ? Self.trainedParameterBytes * destroyer + (Self.frozenParameterBytes[.destroyer] ?? 0) * generator : 0
            dataBytes = config.destroyer.enabled ? split(data.synthetic.trainVideos) : 0
            memo = config.destroyer.enabled
                ? min(memoCap, Double(config.train.destroyerSteps) * batch * Double(channels) * pixels * 4) : 0
        case .scores:
            parameters = (Self.frozenParameterBytes[.scores] ?? 0) * (generator + (config.destroyer.enabled ? destroyer : 0))
            dataBytes = split(data.synthetic.testVideos)
            memo = min(memoCap, Double(data.synthetic.testVideos * data.synthetic.maxFrames) * Double(channels + 4) * pixels * 4)
        case .evaluation:
            break
        }
        let scaled = stage == .destroyer && !config.destroyer.enabled ? 0 : activations
        parameterBytes = Self.clamp(parameters)
        activationBytes = Self.clamp(scaled)
        self.dataBytes = Self.clamp(dataBytes)
        memoBytes = Self.clamp(memo)
        var keys: [(key: String, value: String, bytes: Double)] = []
        if stage != .evaluation && stage != .dataset {
            keys.append(("model.width", String(config.model.width), parameters + scaled))
            keys.append(("data.resolution", String(data.resolution), scaled + dataBytes))
            keys.append(("train.batch", String(config.train.batch), scaled))
        }
        if dataBytes > 0 && !data.name.isReal {
            keys.append((stage == .scores ? "data.synthetic.test_videos" : "data.synthetic.train_videos",
                         String(stage == .scores ? data.synthetic.testVideos : data.synthetic.trainVideos), dataBytes))
            keys.append(("data.synthetic.max_frames", String(data.synthetic.maxFrames), dataBytes))
        }
        drivingKeys = keys.sorted { $0.bytes > $1.bytes }.map { ($0.key, $0.value) }
    }

    /// Bytes as an Int, saturating (an absurd width must give a large number, not a trap).
    static func clamp(_ bytes: Double) -> Int { bytes >= Double(Int.max / 2) ? Int.max / 8 : Int(bytes.rounded()) }

    /// The networks a node holds.
    public enum Network: Sendable {
        /// The F2LM (or FFP) generator.
        case generator
        /// The patch discriminator trained beside it.
        case discriminator
        /// The Destroyer U-Net.
        case destroyer
    }

    /// The exact parameter count of `network` under `model` and `shape`. Counts are a polynomial of degree 2 in the
    /// width at fixed channels (every layer has in·out·k² weights and out biases, an SE block width/reduction units),
    /// so they are computed by building the network at widths 8, 16 and 24 and evaluating the quadratic through
    /// those three points at `model.width` (exact at multiples of the SE reduction): a width of 100,000 is
    /// estimated without allocating it.
    public static func parameterCount(_ network: Network, model: ModelConfig, shape: GeneratorInputShape) -> Int {
        let key = CountKey(network: network, model: model, shape: shape)
        let counts = parameterCounts.withLock { $0[key] } ?? {
            let built = [8, 16, 24].map { width -> Double in
                var small = model
                small.width = width
                var random = RandomGenerator(seed: 0)
                let module: Module
                switch network {
                case .generator: module = F2LMGenerator(model: small, inputShape: shape, generator: &random)
                case .discriminator: module = PatchDiscriminator(channels: shape.channels, width: width, generator: &random)
                case .destroyer: module = Destroyer(channels: shape.channels, width: width, generator: &random)
                }
                return Double(module.parameterCount)
            }
            parameterCounts.withLock { $0[key] = built }
            return built
        }()
        // Newton's divided differences through (8, c0), (16, c1), (24, c2).
        let w = Double(model.width)
        let first = (counts[1] - counts[0]) / 8
        let second = ((counts[2] - counts[1]) / 8 - first) / 16
        return clamp(max(0, counts[0] + first * (w - 8) + second * (w - 8) * (w - 16)))
    }

    /// What a network's counts at widths 8, 16 and 24 depend on: the generator's model keys that shape layers (not
    /// its width, which the quadratic takes, nor `alpha` or `initialization`, which change no shape), the
    /// discriminator's and Destroyer's channels. Hashed as a value: a grid of thousands of runs builds each network
    /// once per distinct architecture (formatting a whole `ModelConfig` into a string key per look-up, and keying on
    /// the width and α, took most of `f2lm plan`'s 7.4 s on a 9,000-run grid).
    private struct CountKey: Hashable {
        var network: Network
        var model: ModelConfig?
        var channels: Int
        var shape: GeneratorInputShape?

        init(network: Network, model: ModelConfig, shape: GeneratorInputShape) {
            self.network = network
            channels = shape.channels
            guard network == .generator else { return }
            var architecture = model
            architecture.width = 8
            architecture.alpha = 0
            architecture.initialization = .authors
            self.model = architecture
            self.shape = shape
        }
    }

    private static let parameterCounts = Mutex<[CountKey: [Double]]>([:])
}

/// Bytes in binary units, "1.4 GiB".
public func formatBytes(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
}
