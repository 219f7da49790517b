import DNNLKernels

/// Convolution kernels from oneDNN (`DNNLKernels`: blocked-layout primitives cached per shape, reorders from and
/// to NCHW at the call boundary). Shapes oneDNN refuses return `false` and the ops fall back to im2col.
public struct DNNLConvolutionBackend: ConvolutionBackend {
    /// Creates the backend (stateless; the primitive cache lives in `DNNLKernels`).
    public init() {}

    /// Whether oneDNN's CPU engine is usable in this process.
    public static var isAvailable: Bool { DNNLRuntime.isAvailable }

    /// A short name for logs and benchmarks.
    public var name: String { "onednn-\(DNNLRuntime.version)" }

    /// The oneDNN shape of a plain convolution geometry (symmetric padding).
    static func shape(_ g: ConvolutionGeometry) -> Convolution2dShape {
        Convolution2dShape(batch: g.batch, inputChannels: g.inputChannels, outputChannels: g.outputChannels,
                           inputHeight: g.inputHeight, inputWidth: g.inputWidth, kernelHeight: g.kernelHeight,
                           kernelWidth: g.kernelWidth, strideHeight: g.strideHeight, strideWidth: g.strideWidth,
                           paddingTop: g.paddingHeight, paddingLeft: g.paddingWidth,
                           paddingBottom: g.paddingHeight, paddingRight: g.paddingWidth)
    }

    /// See `ConvolutionBackend`.
    public func forward(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>) -> Bool {
        DNNLConvolution.forward(Self.shape(g), input: input, weight: weight, bias: nil, output: output)
    }

    /// See `ConvolutionBackend`.
    public func backwardData(_ g: ConvolutionGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                             inputGradient: UnsafeMutablePointer<Float>) -> Bool {
        DNNLConvolution.backwardData(Self.shape(g), outputGradient: outputGradient, weight: weight, inputGradient: inputGradient)
    }

    /// See `ConvolutionBackend`.
    public func backwardWeights(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                                weightGradient: UnsafeMutablePointer<Float>) -> Bool {
        DNNLConvolution.backwardWeights(Self.shape(g), input: input, outputGradient: outputGradient,
                                        weightGradient: weightGradient, biasGradient: nil)
    }

    /// See `ConvolutionBackend`: keeps oneDNN's blocked copy of the input (`DNNLBlockedCopy`).
    public func forward(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, keepingInput: Bool)
        -> (succeeded: Bool, kept: (any ConvolutionKeptOperand)?)
    {
        let result = DNNLConvolution.forward(Self.shape(g), input: input, weight: weight, bias: nil, output: output,
                                             keepingBlockedInput: keepingInput)
        return (result.succeeded, result.blockedInput)
    }

    /// See `ConvolutionBackend`: keeps oneDNN's blocked copy of the output gradient (`DNNLBlockedCopy`).
    public func backwardData(_ g: ConvolutionGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                             inputGradient: UnsafeMutablePointer<Float>, keepingOutputGradient: Bool)
        -> (succeeded: Bool, kept: (any ConvolutionKeptOperand)?)
    {
        let result = DNNLConvolution.backwardData(Self.shape(g), outputGradient: outputGradient, weight: weight,
                                                  inputGradient: inputGradient,
                                                  keepingBlockedOutputGradient: keepingOutputGradient)
        return (result.succeeded, result.blockedOutputGradient)
    }

    /// See `ConvolutionBackend`: the output gradient is reordered once for both passes, the kept input reused.
    public func backward(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, keptInput: (any ConvolutionKeptOperand)?,
                         outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                         inputGradient: UnsafeMutablePointer<Float>?, weightGradient: UnsafeMutablePointer<Float>?) -> Bool {
        DNNLConvolution.backward(Self.shape(g), input: input, blockedInput: keptInput as? DNNLBlockedCopy,
                                 outputGradient: outputGradient, weight: weight, inputGradient: inputGradient,
                                 weightGradient: weightGradient)
    }

    /// See `ConvolutionBackend`: the input is reordered once for both passes, the kept output gradient reused.
    public func forwardAndBackwardWeights(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                          output: UnsafeMutablePointer<Float>?, outputGradient: UnsafePointer<Float>,
                                          keptOutputGradient: (any ConvolutionKeptOperand)?,
                                          weightGradient: UnsafeMutablePointer<Float>?) -> Bool {
        DNNLConvolution.forwardAndBackwardWeights(Self.shape(g), input: input, weight: weight, output: output,
                                                  outputGradient: outputGradient,
                                                  blockedOutputGradient: keptOutputGradient as? DNNLBlockedCopy,
                                                  weightGradient: weightGradient)
    }
}
