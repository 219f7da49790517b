/// Data a backend keeps from one convolution pass for a later pass of the same op (e.g. oneDNN's blocked copy of
/// the forward input, read again by backward-weights). Opaque to the ops: they hold it in the backward closure
/// (released with the graph) and hand it back unchanged.
public typealias ConvolutionKeptOperand = AnyObject & Sendable

/// Combined passes of a convolution op's training step, so a backend can share work between them (oneDNN reorders
/// an operand that two passes read only once). Each must compute bit for bit what the three plain functions compute;
/// the default implementations below simply call them, so a backend that implements only those (the im2col
/// reference, test backends) works unchanged.
extension ConvolutionBackend {
    /// `forward(geometry, input:weight:output:)`, and, when `keepingInput`, optionally something to pass as
    /// `keptInput` to ``backward(_:input:keptInput:outputGradient:weight:inputGradient:weightGradient:)``
    /// for the same, unchanged `input`. Default: the plain call, nothing kept.
    public func forward(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, keepingInput: Bool)
        -> (succeeded: Bool, kept: (any ConvolutionKeptOperand)?)
    {
        (forward(geometry, input: input, weight: weight, output: output), nil)
    }

    /// `backwardData(geometry, outputGradient:weight:inputGradient:)`, and, when `keepingOutputGradient`,
    /// optionally something to pass as `keptOutputGradient` to
    /// ``forwardAndBackwardWeights(_:input:weight:output:outputGradient:keptOutputGradient:weightGradient:)`` for the
    /// same, unchanged `outputGradient` (a transposed convolution's forward pass keeps its input this way).
    public func backwardData(_ geometry: ConvolutionGeometry, outputGradient: UnsafePointer<Float>,
                             weight: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
                             keepingOutputGradient: Bool) -> (succeeded: Bool, kept: (any ConvolutionKeptOperand)?) {
        (backwardData(geometry, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient), nil)
    }

    /// The backward pass of a convolution: `inputGradient` as `backwardData` and `weightGradient` as
    /// `backwardWeights` of one `outputGradient`, each only when given (at least one). `keptInput` is what the
    /// forward call kept for `input`, or `nil`. `false` when a pass is refused or fails; the op then recomputes
    /// both with the plain calls. Default: the plain calls in that order.
    public func backward(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>,
                         keptInput: (any ConvolutionKeptOperand)?, outputGradient: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
                         weightGradient: UnsafeMutablePointer<Float>?) -> Bool {
        if let inputGradient,
            !backwardData(geometry, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient) {
            return false
        }
        if let weightGradient,
            !backwardWeights(geometry, input: input, outputGradient: outputGradient, weightGradient: weightGradient) {
            return false
        }
        return true
    }

    /// The backward pass of a transposed convolution written as the adjoint of `geometry`: `output` as `forward`
    /// of `input` and `weightGradient` as `backwardWeights` of (`input`, `outputGradient`), each only when given
    /// (at least one). `keptOutputGradient` is what the forward's `backwardData` call kept for `outputGradient`,
    /// or `nil`. `false` when a pass is refused or fails; the op then recomputes both with the plain calls.
    /// Default: the plain calls in that order.
    public func forwardAndBackwardWeights(_ geometry: ConvolutionGeometry, input: UnsafePointer<Float>,
                                          weight: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>?,
                                          outputGradient: UnsafePointer<Float>,
                                          keptOutputGradient: (any ConvolutionKeptOperand)?,
                                          weightGradient: UnsafeMutablePointer<Float>?) -> Bool {
        if let output, !forward(geometry, input: input, weight: weight, output: output) { return false }
        if let weightGradient,
            !backwardWeights(geometry, input: input, outputGradient: outputGradient, weightGradient: weightGradient) {
            return false
        }
        return true
    }
}
