import CDNNL
import Synchronization

/// 2-D convolutions and transposed convolutions (forward, backward-data, backward-weights) on oneDNN's blocked
/// kernels, called on raw contiguous NCHW Float32 buffers.
///
/// Layouts are those of ``Convolution2dShape``: input `[N, inC, H, W]`, output `[N, outC, outH, outW]`, weight
/// `[outC, inC, kH, kW]` for a convolution and `[inC, outC, kH, kW]` for a transposed one (PyTorch's `Conv2d` and
/// `ConvTranspose2d`), bias `[outC]`. With `shape.transposed` the same three functions compute the transposed
/// convolution (`conv_transpose2d`); "input" and "output" always mean the buffers the forward pass reads and
/// writes.
///
/// Semantics: every function **overwrites** its result buffers (callers that accumulate gradients add them
/// themselves). Each returns `true` on success and `false` when the shape is invalid or oneDNN refuses it or fails,
/// so the caller can fall back to a reference implementation; it never traps on such shapes. A refused shape is
/// remembered and refused again cheaply.
///
/// Performance: primitives are created with `dnnl_format_tag_any` (oneDNN picks blocked layouts, e.g. `nChw8c`),
/// and the plain buffers are reordered into and out of those layouts at each call. A primitive with its reorders
/// is created on the first call for a (shape, operation, bias) key (a few milliseconds) and cached for the life of
/// the process; its blocked buffers and scratchpads are kept and reused by later calls.
///
/// Thread safety: all functions may be called from several threads at once. The cache is guarded by a lock (held
/// only for look-ups, not while primitives are created), and each call borrows an exclusive workspace (its own
/// oneDNN stream, blocked buffers and user-mode scratchpad) from a per-primitive pool, so concurrent calls, even on
/// the same shape, share no mutable state. Each call runs on ``DNNLRuntime/threadCount`` OpenMP threads.
public enum DNNLConvolution {
    /// Forward pass: `output[n, o, y, x] = bias[o] + Σ_{c, i, j} input[n, c, y·s − padTop + i, x·s − padLeft + j] ·
    /// weight[o, c, i, j]` for a convolution (zero outside the input); for a transposed convolution every input
    /// pixel scatters `input[n, c, y, x] · weight[c, o, i, j]` to `output[n, o, y·s − padTop + i, x·s − padLeft + j]`.
    /// Overwrites `output` (`shape.outputCount` elements); `bias` (`outputChannels` elements) may be `nil`.
    public static func forward(
        _ shape: Convolution2dShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>
    ) -> Bool {
        guard let plan = plan(shape, .forward, withBias: bias != nil) else { return false }
        var buffers = [UnsafeMutableRawPointer(mutating: input), UnsafeMutableRawPointer(mutating: weight)]
        if let bias { buffers.append(UnsafeMutableRawPointer(mutating: bias)) }
        buffers.append(UnsafeMutableRawPointer(output))
        return plan.execute(buffers)
    }

    /// Backward pass to the input: the gradient of `Σ output·outputGradient` with respect to `input`, i.e. the
    /// adjoint of ``forward(_:input:weight:bias:output:)`` without bias. Overwrites `inputGradient`
    /// (`shape.inputCount` elements); reads `outputGradient` (`shape.outputCount`) and `weight`.
    public static func backwardData(
        _ shape: Convolution2dShape, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>
    ) -> Bool {
        guard let plan = plan(shape, .backwardData, withBias: false) else { return false }
        return plan.execute([
            UnsafeMutableRawPointer(mutating: outputGradient), UnsafeMutableRawPointer(mutating: weight),
            UnsafeMutableRawPointer(inputGradient),
        ])
    }

    /// Backward pass to the parameters: `weightGradient` = gradient of `Σ output·outputGradient` with respect to
    /// the weight (same layout as the weight), and, when `biasGradient` is given,
    /// `biasGradient[o] = Σ_{n, y, x} outputGradient[n, o, y, x]`. Overwrites both.
    public static func backwardWeights(
        _ shape: Convolution2dShape, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>?
    ) -> Bool {
        guard let plan = plan(shape, .backwardWeights, withBias: biasGradient != nil) else { return false }
        var buffers = [
            UnsafeMutableRawPointer(mutating: input), UnsafeMutableRawPointer(mutating: outputGradient),
            UnsafeMutableRawPointer(weightGradient),
        ]
        if let biasGradient { buffers.append(UnsafeMutableRawPointer(biasGradient)) }
        return plan.execute(buffers)
    }

    /// Creates (and caches) the primitives of all three passes for `shape` ahead of time; `true` when oneDNN
    /// accepts every one of them, i.e. when the three functions will not refuse this shape.
    public static func prepare(_ shape: Convolution2dShape, withBias: Bool = true) -> Bool {
        Operation.allCases.allSatisfy { plan(shape, $0, withBias: withBias) != nil }
    }

    /// oneDNN's implementation names of the forward, backward-data and backward-weights passes of `shape` (e.g.
    /// `jit:avx512_core_f32_wino_conv_4x3` for a Winograd plan, see `DNNLConvolutionPlanner`); `nil` when oneDNN
    /// refuses a pass.
    public static func implementationNames(_ shape: Convolution2dShape, withBias: Bool = true) -> [String]? {
        let plans = Operation.allCases.compactMap { plan(shape, $0, withBias: withBias) }
        return plans.count == Operation.allCases.count ? plans.map(\.implementation) : nil
    }

    private static let winogradPolicy = Atomic<Bool>(DNNLConvolutionPlanner.environmentAllowsWinograd)

    /// Whether 3×3 convolutions that `DNNLConvolutionPlanner.prefersWinograd` names may run on oneDNN's Winograd
    /// kernels (AVX-512 only; slightly larger rounding than direct). Process-wide; starts `false` when the
    /// environment sets `F2LM_CONV_ALGORITHM=direct`, else `true`. Plans made under either setting are kept apart,
    /// so changing it takes effect on the next call. Tests that compare with direct-convolution fixtures (the
    /// authors' PyTorch numbers) switch it off.
    public static var allowsWinograd: Bool {
        get { winogradPolicy.load(ordering: .relaxed) }
        set { winogradPolicy.store(newValue, ordering: .relaxed) }
    }

    /// Number of cached (shape, operation, bias) entries, refused ones included.
    public static var cachedEntryCount: Int { cache.count }

    /// Drops every cached primitive and buffer (calls in flight keep theirs until they return).
    public static func clearCache() { cache.removeAll() }

    /// The three passes, used as part of the cache key.
    enum Operation: CaseIterable, Hashable, Sendable {
        case forward, backwardData, backwardWeights
    }

    static let cache = DNNLPlanCache()

    /// The cached plan for a key, created on first use; `nil` when the shape is invalid or refused.
    /// oneDNN fixes a primitive's thread partition when it is created (from the calling thread's OpenMP team
    /// size), and runs it with that many threads whatever the count at execution: so the count is applied before
    /// creating and is part of the key. Without this a thread's first plan was made with OpenMP's default (all
    /// cores) and every node of a `--threads 1` run forked a two-thread team for some convolutions.
    static func plan(_ shape: Convolution2dShape, _ operation: Operation, withBias: Bool) -> DNNLPrimitivePlan? {
        guard shape.isValid else { return nil }
        let winograd = allowsWinograd
        let key = DNNLPlanCache.Key(shape: shape, operation: operation, withBias: withBias,
                                    threads: DNNLRuntime.resolvedThreadCount, allowsWinograd: winograd)
        if let cached = cache.lookUp(key) { return cached.plan }
        DNNLRuntime.applyThreadCount()
        let created = DNNLConvolutionPlanner(shape: shape, withBias: withBias, allowsWinograd: winograd).makePlan(operation)
        return cache.insert(key, created)
    }
}
