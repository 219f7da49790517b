import DNNLKernels
import Synchronization

/// The kernel interface behind `conv2d` and `convTranspose2d`: the three passes of a plain convolution on
/// contiguous NCHW `Float` buffers (layouts as in `ConvolutionGeometry`). Bias is handled by the ops.
///
/// A transposed convolution uses the same three functions of its adjoint convolution: its forward pass is
/// `backwardData`, its input gradient is `forward`, its weight gradient is `backwardWeights` with the roles of
/// input and output gradient swapped. Implementations must be thread-safe (models train on several threads).
/// Each function returns `false` when it refuses a shape (nothing written); the op then uses the im2col reference.
public protocol ConvolutionBackend: Sendable {
    /// A short name for logs and benchmarks.
    var name: String { get }
    /// `output = conv(input, weight)`; `output` is fully overwritten.
    func forward(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>) -> Bool
    /// `inputGradient = convᵀ(outputGradient, weight)` (the adjoint of `forward` in the input); fully overwritten.
    func backwardData(_ geometry: ConvolutionGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                      inputGradient: UnsafeMutablePointer<Float>) -> Bool
    /// `weightGradient = Σ_batch outputGradient ⋆ input` (∂⟨conv(x, w), g⟩/∂w); fully overwritten.
    func backwardWeights(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                         weightGradient: UnsafeMutablePointer<Float>) -> Bool

    // Combined passes that may share work (default implementations, which call the three above, and the
    // documentation in ConvolutionBackend+SharedOperands.swift).

    /// `forward`, optionally keeping something for `backward` (see the default implementation).
    func forward(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, keepingInput: Bool) -> (succeeded: Bool, kept: (any ConvolutionKeptOperand)?)
    /// `backwardData`, optionally keeping something for `forwardAndBackwardWeights` (see the default implementation).
    func backwardData(_ geometry: ConvolutionGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                      inputGradient: UnsafeMutablePointer<Float>, keepingOutputGradient: Bool)
        -> (succeeded: Bool, kept: (any ConvolutionKeptOperand)?)
    /// `backwardData` and `backwardWeights` of one output gradient (see the default implementation).
    func backward(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, keptInput: (any ConvolutionKeptOperand)?,
                  outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, weightGradient: UnsafeMutablePointer<Float>?) -> Bool
    /// `forward` and `backwardWeights` of one input: a transposed convolution's backward (see the default
    /// implementation).
    func forwardAndBackwardWeights(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>?, outputGradient: UnsafePointer<Float>,
                                   keptOutputGradient: (any ConvolutionKeptOperand)?,
                                   weightGradient: UnsafeMutablePointer<Float>?) -> Bool
}

/// The process-wide choice of convolution kernels.
public enum Convolution {
    private static let selected = Mutex<any ConvolutionBackend>(
        DNNLConvolutionBackend.isAvailable ? DNNLConvolutionBackend() : Im2ColConvolutionBackend())

    /// The backend used by `conv2d` and `convTranspose2d`: oneDNN (`DNNLConvolutionBackend`) when its engine is
    /// available, otherwise the im2col reference (`Im2ColConvolutionBackend`). Tests switch it to compare both.
    /// Shapes it refuses fall back to the im2col reference.
    public static var backend: any ConvolutionBackend {
        get { selected.withLock { $0 } }
        set { selected.withLock { $0 = newValue } }
    }

    /// Whether oneDNN may run qualifying 3×3 convolutions with its Winograd kernels (AVX-512 only; see
    /// `DNNLConvolution.allowsWinograd`). Process-wide; `false` from the start under `F2LM_CONV_ALGORITHM=direct`.
    public static var allowsWinograd: Bool {
        get { DNNLConvolution.allowsWinograd }
        set { DNNLConvolution.allowsWinograd = newValue }
    }

    static let reference = Im2ColConvolutionBackend()

    static func forward(_ kernels: any ConvolutionBackend, _ g: ConvolutionGeometry, input: UnsafePointer<Float>,
                        weight: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        if !kernels.forward(g, input: input, weight: weight, output: output) {
            _ = reference.forward(g, input: input, weight: weight, output: output)
        }
    }

    static func backwardData(_ kernels: any ConvolutionBackend, _ g: ConvolutionGeometry, outputGradient: UnsafePointer<Float>,
                             weight: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>) {
        if !kernels.backwardData(g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient) {
            _ = reference.backwardData(g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient)
        }
    }

    /// `forward` through `kernels` (the reference when refused), keeping what the backend keeps when asked.
    static func forward(_ kernels: any ConvolutionBackend, _ g: ConvolutionGeometry, input: UnsafePointer<Float>,
                        weight: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                        keepingInput: Bool) -> (any ConvolutionKeptOperand)? {
        let result = kernels.forward(g, input: input, weight: weight, output: output, keepingInput: keepingInput)
        if !result.succeeded { _ = reference.forward(g, input: input, weight: weight, output: output) }
        return result.kept
    }

    /// `backwardData` through `kernels` (the reference when refused), keeping what the backend keeps when asked.
    static func backwardData(_ kernels: any ConvolutionBackend, _ g: ConvolutionGeometry, outputGradient: UnsafePointer<Float>,
                             weight: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
                             keepingOutputGradient: Bool) -> (any ConvolutionKeptOperand)? {
        let result = kernels.backwardData(g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient,
                                          keepingOutputGradient: keepingOutputGradient)
        if !result.succeeded {
            _ = reference.backwardData(g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient)
        }
        return result.kept
    }

    /// A convolution's backward through `kernels`' combined call; when it refuses, each pass as the plain calls
    /// (with their reference fallback) compute it.
    static func backward(_ kernels: any ConvolutionBackend, _ g: ConvolutionGeometry, input: UnsafePointer<Float>,
                         keptInput: (any ConvolutionKeptOperand)?, outputGradient: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
                         weightGradient: UnsafeMutablePointer<Float>?) {
        if kernels.backward(g, input: input, keptInput: keptInput, outputGradient: outputGradient, weight: weight,
                            inputGradient: inputGradient, weightGradient: weightGradient) { return }
        if let inputGradient {
            backwardData(kernels, g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient)
        }
        if let weightGradient {
            backwardWeights(kernels, g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
        }
    }

    /// A transposed convolution's backward (adjoint `g`) through `kernels`' combined call; when it refuses, each
    /// pass as the plain calls (with their reference fallback) compute it.
    static func forwardAndBackwardWeights(_ kernels: any ConvolutionBackend, _ g: ConvolutionGeometry,
                                          input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                          output: UnsafeMutablePointer<Float>?, outputGradient: UnsafePointer<Float>,
                                          keptOutputGradient: (any ConvolutionKeptOperand)?,
                                          weightGradient: UnsafeMutablePointer<Float>?) {
        if kernels.forwardAndBackwardWeights(g, input: input, weight: weight, output: output, outputGradient: outputGradient,
                                             keptOutputGradient: keptOutputGradient, weightGradient: weightGradient) { return }
        if let output { forward(kernels, g, input: input, weight: weight, output: output) }
        if let weightGradient {
            backwardWeights(kernels, g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
        }
    }

    static func backwardWeights(_ kernels: any ConvolutionBackend, _ g: ConvolutionGeometry, input: UnsafePointer<Float>,
                                outputGradient: UnsafePointer<Float>, weightGradient: UnsafeMutablePointer<Float>) {
        if !kernels.backwardWeights(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient) {
            _ = reference.backwardWeights(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
        }
    }
}
