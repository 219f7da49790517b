import Foundation
import Memoization
import TensorCore

/// A process-wide memo of frozen generators' evaluation-mode outputs, so that nodes sharing one trained generator
/// compute its forward pass on a batch once.
///
/// Why: every Destroyer node trained on a generator runs that generator on the same training batches (its batch
/// schedule depends only on the generator stage's seed and batch size), and every scores node on a generator runs
/// it on the same test batches. At the default scale the full-F2LM generator of each dataset feeds 13 Destroyer
/// nodes and 13 scores nodes per seed (measured on one seed: Destroyer nodes 3.1–3.8 → 2.5–3.4 s, scores nodes
/// 1.6–2.0 → 0.9–1.3 s; the Destroyer's own training is most of its step).
///
/// Exactness: an entry is looked up by a digest of the generator (every parameter and buffer, their names and
/// shapes, and the configuration that changes the forward pass) and a digest that stands for the batch's inputs:
/// either of the inputs themselves (frames, label maps, flow, with their shapes) or, from the stages, of what they
/// are a pure function of (`ClipSampler.inputsDigest`: the clip configuration, each window's video content digest and
/// target frame; then the inputs are assembled only on a miss). It stores the outputs' values bit for bit. A hit
/// returns exactly what the forward pass would compute again, so results do not depend on whether, or in which
/// order, nodes shared entries.
/// Both digests are `ContentDigest`s (128 bits, fast on the megabytes of a batch's inputs when those are digested;
/// the memo lives in memory only, so the digest need not be stable across versions).
///
/// Memory: only what the callers use is kept (the prediction for a Destroyer; the prediction and per-frame triplet
/// losses for scoring), and least recently used entries are dropped beyond `capacityBytes` (default 256 MiB; at the
/// default scale a generator's 300 Destroyer batches take 14.7 MB and its scoring batches about 12 MB).
/// Thread safety: all methods may be called from several threads; a miss computes outside the lock, and a thread
/// asking for what another is computing waits for it.
public final class GeneratorOutputMemo: Sendable {
    /// The memo every stage uses.
    public static let shared = GeneratorOutputMemo(capacityBytes: 256 << 20)

    /// A 128-bit content digest.
    public typealias Digest = ContentDigest

    /// What a look-up asks for: the prediction alone (a Destroyer's input), or the prediction with the per-frame
    /// triplet losses at one margin (the scores' generator components).
    enum Purpose: Hashable {
        case prediction
        case scoring(marginBits: UInt32)
    }

    struct Key: Hashable {
        var generator: Digest
        var inputs: Digest
        var purpose: Purpose
    }

    /// One output tensor's values and shape.
    struct StoredTensor {
        var shape: [Int]
        var scalars: [Float]

        init(_ tensor: Tensor) {
            shape = tensor.shape
            scalars = tensor.scalars
        }

        var tensor: Tensor { Tensor(shape: shape, scalars: scalars) }
        var bytes: Int { scalars.count * MemoryLayout<Float>.size }
    }

    /// A stored result: its tensors (nil where the generator has no such output), or `nil` while one thread
    /// computes it and others wait.
    typealias Stored = [StoredTensor?]

    /// Bytes of stored outputs beyond which the least recently used entries are dropped.
    public var capacityBytes: Int { memo.capacityBytes }
    private let memo: SharedMemo<Key, Stored>

    /// An empty memo holding at most about `capacityBytes` of outputs.
    public init(capacityBytes: Int) {
        memo = SharedMemo(capacityBytes: capacityBytes) { stored in stored.compactMap { $0?.bytes }.reduce(0, +) }
    }

    /// The digest of a generator's weights and forward-pass configuration; compute it once per loaded generator.
    public static func digest(of generator: F2LMGenerator) -> Digest {
        var digest = ContentDigest(of: [0xF2])
        func addText(_ text: String) { digest = ContentDigest(of: Array(text.utf8), previous: digest) }
        addText("\(generator.fusionKind) \(generator.fusionInput) \(generator.tripletAxis) \(generator.inputShape)")
        for (name, tensor) in generator.stateDictionary() {
            addText(name)
            digest = chained(tensor, after: digest)
        }
        return digest
    }

    /// The digest of a batch's generator inputs (frames, label maps, flow, with their shapes): `ContentDigest`
    /// chained over each tensor's shape and values (a batch is up to a few MB, digested once per look-up).
    public static func digest(of inputs: ModelInputs) -> Digest {
        var digest = ContentDigest(of: [0x1A2B])
        for tensor in [inputs.frames, inputs.labels, inputs.flow] { digest = chained(tensor, after: digest) }
        return digest
    }

    /// `previous` chained over `tensor`'s shape, then its values.
    private static func chained(_ tensor: Tensor, after previous: Digest) -> Digest {
        let shape = ContentDigest(of: tensor.shape, previous: previous)
        return ContentDigest(UnsafeRawBufferPointer(start: tensor.storage.pointer, count: tensor.count * MemoryLayout<Float>.size),
                             previous: shape)
    }

    /// The clean prediction `generator(frames:labels:flow:).prediction` on `inputs`, without gradients, from the
    /// memo when the same generator (`digest`, from `digest(of:)`) already ran on the same inputs. `generator` must
    /// be in evaluation mode (in training mode BatchNorm would update its running statistics, which a hit cannot do).
    public func prediction(of generator: F2LMGenerator, digest: Digest, inputs: ModelInputs) -> Tensor {
        prediction(of: generator, digest: digest, inputsDigest: Self.digest(of: inputs), inputs: { inputs })
    }

    /// `prediction(of:digest:inputs:)` with the inputs identified by `inputsDigest` (a digest that stands for their
    /// content, such as `ClipSampler.inputsDigest` of the batch's windows) and built by `inputs` only on a miss.
    public func prediction(of generator: F2LMGenerator, digest: Digest, inputsDigest: Digest,
                           inputs: () -> ModelInputs) -> Tensor {
        let stored = value(Key(generator: digest, inputs: inputsDigest, purpose: .prediction), generator) {
            let inputs = inputs()
            return [StoredTensor(generator(frames: inputs.frames, labels: inputs.labels, flow: inputs.flow).prediction)]
        }
        return stored[0]!.tensor
    }

    /// The prediction and the per-frame label and motion triplet losses at `margin` (`perSampleTriplets`) of
    /// `generator` on `inputs`, without gradients, from the memo when already computed (see `prediction`).
    public func scoringOutputs(of generator: F2LMGenerator, digest: Digest, inputs: ModelInputs, margin: Float)
        -> (prediction: Tensor, labelTriplet: Tensor?, motionTriplet: Tensor?) {
        scoringOutputs(of: generator, digest: digest, inputsDigest: Self.digest(of: inputs), inputs: { inputs },
                       margin: margin)
    }

    /// `scoringOutputs(of:digest:inputs:margin:)` with the inputs identified by `inputsDigest` and built by `inputs`
    /// only on a miss (see `prediction(of:digest:inputsDigest:inputs:)`).
    public func scoringOutputs(of generator: F2LMGenerator, digest: Digest, inputsDigest: Digest,
                               inputs: () -> ModelInputs, margin: Float)
        -> (prediction: Tensor, labelTriplet: Tensor?, motionTriplet: Tensor?) {
        let key = Key(generator: digest, inputs: inputsDigest, purpose: .scoring(marginBits: margin.bitPattern))
        let stored = value(key, generator) {
            let inputs = inputs()
            let output = generator(frames: inputs.frames, labels: inputs.labels, flow: inputs.flow)
            let triplets = generator.perSampleTriplets(output, margin: margin)
            return [StoredTensor(output.prediction), triplets.label.map(StoredTensor.init),
                    triplets.motion.map(StoredTensor.init)]
        }
        return (stored[0]!.tensor, stored[1]?.tensor, stored[2]?.tensor)
    }

    /// The stored value of `key`, computed by `compute` (without gradients) on a miss. A thread asking for a key
    /// that another thread is computing waits for that result instead of computing it twice (two Destroyer nodes on
    /// one generator run in step).
    private func value(_ key: Key, _ generator: F2LMGenerator, compute: () -> Stored) -> Stored {
        precondition(!generator.isTraining, "GeneratorOutputMemo: the generator must be in evaluation mode")
        return memo.value(for: key) { Tensor.withoutGrad { compute() } }
    }

    /// Look-ups answered from the memo and look-ups that ran the generator, since creation or `removeAll()`.
    public var statistics: (hits: Int, misses: Int) { memo.statistics }

    /// Bytes of outputs held.
    public var storedBytes: Int { memo.storedBytes }

    /// Drops every entry and resets the counters.
    public func removeAll() { memo.removeAll() }
}
