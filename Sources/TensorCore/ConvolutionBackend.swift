import Synchronization

/// The kernel interface behind `conv2d` and `convTranspose2d`: the three passes of a plain convolution on
/// contiguous NCHW `Float` buffers (layouts as in `ConvolutionGeometry`). Bias is handled by the ops.
///
/// A transposed convolution uses the same three functions of its adjoint convolution: its forward pass is
/// `backwardData`, its input gradient is `forward`, its weight gradient is `backwardWeights` with the roles of
/// input and output gradient swapped. Implementations must be thread-safe (models train on several threads).
public protocol ConvolutionBackend: Sendable {
    /// A short name for logs and benchmarks.
    var name: String { get }
    /// Whether this backend handles `geometry`; otherwise the im2col reference is used.
    func supports(_ geometry: ConvolutionGeometry) -> Bool
    /// `output = conv(input, weight)`; `output` is fully overwritten.
    func forward(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>)
    /// `inputGradient = convᵀ(outputGradient, weight)` (the adjoint of `forward` in the input); fully overwritten.
    func backwardData(_ geometry: ConvolutionGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                      inputGradient: UnsafeMutablePointer<Float>)
    /// `weightGradient = Σ_batch outputGradient ⋆ input` (∂⟨conv(x, w), g⟩/∂w); fully overwritten.
    func backwardWeights(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                         weightGradient: UnsafeMutablePointer<Float>)
}

/// The process-wide choice of convolution kernels.
public enum Convolution {
    private static let selected = Mutex<any ConvolutionBackend>(Im2ColConvolutionBackend())

    /// The backend used by `conv2d` and `convTranspose2d` (default: `Im2ColConvolutionBackend`).
    /// Shapes it does not support fall back to the im2col reference.
    public static var backend: any ConvolutionBackend {
        get { selected.withLock { $0 } }
        set { selected.withLock { $0 = newValue } }
    }

    /// The backend to use for one call.
    static func backend(for geometry: ConvolutionGeometry) -> any ConvolutionBackend {
        let chosen = backend
        return chosen.supports(geometry) ? chosen : Im2ColConvolutionBackend()
    }
}
