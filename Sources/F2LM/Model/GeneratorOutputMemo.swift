import Foundation
import TensorCore

/// A process-wide memo of frozen generators' evaluation-mode outputs, so that nodes sharing one trained generator
/// compute its forward pass on a batch once.
///
/// Why: every Destroyer node trained on a generator runs that generator on the same training batches (its batch
/// schedule depends only on the generator stage's seed and batch size), and every scores node on a generator runs
/// it on the same test batches. At the default scale the full-F2LM generator of each dataset feeds 13 Destroyer
/// nodes and 13 scores nodes per seed, and its forward pass is over half of a Destroyer step.
///
/// Exactness: an entry is looked up by a digest of the generator (every parameter and buffer, their names and
/// shapes, and the configuration that changes the forward pass) and of the batch's inputs (frames, label maps,
/// flow, with their shapes), and it stores the outputs' values bit for bit. A hit returns exactly what the forward
/// pass would compute again, so results do not depend on whether, or in which order, nodes shared entries.
/// Digests are two independently keyed 64-bit `Hasher` values (SipHash, seeded per process: the memo lives in
/// memory only).
///
/// Memory: least recently used entries are dropped beyond `capacityBytes` (default 256 MiB; one full generator's
/// 300 Destroyer batches plus its test batches take about 40 MB at the default scale).
/// Thread safety: all methods may be called from several threads; a miss computes outside the lock.
public final class GeneratorOutputMemo: @unchecked Sendable {
    // Safe to share: `entries`, `order`, `bytes` and the counters are only touched while holding `lock`.

    /// The memo every stage uses.
    public static let shared = GeneratorOutputMemo(capacityBytes: 256 << 20)

    /// A 128-bit content digest.
    public struct Digest: Hashable, Sendable {
        var first: Int
        var second: Int
    }

    struct Key: Hashable {
        var generator: Digest
        var inputs: Digest
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

    struct Entry {
        var prediction: StoredTensor
        var frameFeature: StoredTensor
        var labelFeature: StoredTensor?
        var motionFeature: StoredTensor?
        var convertedLabelFeature: StoredTensor?
        var convertedMotionFeature: StoredTensor?

        init(_ output: GeneratorOutput) {
            prediction = StoredTensor(output.prediction)
            frameFeature = StoredTensor(output.frameFeature)
            labelFeature = output.labelFeature.map(StoredTensor.init)
            motionFeature = output.motionFeature.map(StoredTensor.init)
            convertedLabelFeature = output.convertedLabelFeature.map(StoredTensor.init)
            convertedMotionFeature = output.convertedMotionFeature.map(StoredTensor.init)
        }

        /// Fresh tensors (own storage) holding the stored values.
        var output: GeneratorOutput {
            GeneratorOutput(prediction: prediction.tensor, frameFeature: frameFeature.tensor,
                            labelFeature: labelFeature?.tensor, motionFeature: motionFeature?.tensor,
                            convertedLabelFeature: convertedLabelFeature?.tensor,
                            convertedMotionFeature: convertedMotionFeature?.tensor)
        }

        var bytes: Int {
            [prediction, frameFeature].map(\.bytes).reduce(0, +)
                + [labelFeature, motionFeature, convertedLabelFeature, convertedMotionFeature].compactMap { $0?.bytes }
                .reduce(0, +)
        }
    }

    /// Bytes of stored outputs beyond which the least recently used entries are dropped.
    public let capacityBytes: Int
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var order: [Key: UInt64] = [:]
    private var clock: UInt64 = 0
    private var bytes = 0
    private var hitCount = 0
    private var missCount = 0

    /// An empty memo holding at most about `capacityBytes` of outputs.
    public init(capacityBytes: Int) {
        precondition(capacityBytes >= 0, "GeneratorOutputMemo: negative capacity")
        self.capacityBytes = capacityBytes
    }

    /// The digest of a generator's weights and forward-pass configuration; compute it once per loaded generator.
    public static func digest(of generator: F2LMGenerator) -> Digest {
        var hashers = (Hasher(), Hasher())
        hashers.0.combine(0xF2)
        hashers.1.combine(0x4C4D)
        func combine(_ text: String) { hashers.0.combine(text); hashers.1.combine(text) }
        combine("\(generator.fusionKind) \(generator.fusionInput) \(generator.tripletAxis) \(generator.inputShape)")
        for (name, tensor) in generator.stateDictionary() {
            combine(name)
            add(tensor, to: &hashers)
        }
        return Digest(first: hashers.0.finalize(), second: hashers.1.finalize())
    }

    /// The digest of a batch's generator inputs (frames, label maps, flow).
    public static func digest(of inputs: ModelInputs) -> Digest {
        var hashers = (Hasher(), Hasher())
        hashers.0.combine(0x1A)
        hashers.1.combine(0x2B3C)
        for tensor in [inputs.frames, inputs.labels, inputs.flow] { add(tensor, to: &hashers) }
        return Digest(first: hashers.0.finalize(), second: hashers.1.finalize())
    }

    private static func add(_ tensor: Tensor, to hashers: inout (Hasher, Hasher)) {
        hashers.0.combine(tensor.shape)
        hashers.1.combine(tensor.shape)
        let buffer = UnsafeRawBufferPointer(start: tensor.storage.pointer, count: tensor.count * MemoryLayout<Float>.size)
        hashers.0.combine(bytes: buffer)
        hashers.1.combine(bytes: buffer)
    }

    /// `generator(frames:labels:flow:)` on `inputs` without gradients, from the memo when the same generator
    /// (`digest`, from `digest(of:)`) already ran on the same inputs. `generator` must be in evaluation mode (in
    /// training mode BatchNorm would update its running statistics, which a hit cannot do).
    public func output(of generator: F2LMGenerator, digest: Digest, inputs: ModelInputs) -> GeneratorOutput {
        precondition(!generator.isTraining, "GeneratorOutputMemo: the generator must be in evaluation mode")
        let key = Key(generator: digest, inputs: Self.digest(of: inputs))
        if let hit = lock.withLock({ () -> Entry? in
            guard let entry = entries[key] else { missCount += 1; return nil }
            hitCount += 1
            clock += 1
            order[key] = clock
            return entry
        }) {
            return hit.output
        }
        let computed = Tensor.withoutGrad {
            generator(frames: inputs.frames, labels: inputs.labels, flow: inputs.flow)
        }
        let entry = Entry(computed)
        lock.withLock {
            guard entries[key] == nil, entry.bytes <= capacityBytes else { return }
            entries[key] = entry
            clock += 1
            order[key] = clock
            bytes += entry.bytes
            while bytes > capacityBytes, let oldest = order.min(by: { $0.value < $1.value })?.key {
                bytes -= entries[oldest]?.bytes ?? 0
                entries[oldest] = nil
                order[oldest] = nil
            }
        }
        return computed
    }

    /// Look-ups answered from the memo and look-ups that ran the generator, since creation or `removeAll()`.
    public var statistics: (hits: Int, misses: Int) { lock.withLock { (hitCount, missCount) } }

    /// Bytes of outputs held.
    public var storedBytes: Int { lock.withLock { bytes } }

    /// Drops every entry and resets the counters.
    public func removeAll() {
        lock.withLock {
            entries.removeAll()
            order.removeAll()
            bytes = 0
            hitCount = 0
            missCount = 0
        }
    }
}
