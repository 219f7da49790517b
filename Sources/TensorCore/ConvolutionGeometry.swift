/// The shape of a 2-D convolution on NCHW buffers: input `[batch, inputChannels, inputHeight, inputWidth]`,
/// weight `[outputChannels, inputChannels, kernelHeight, kernelWidth]` (PyTorch layout, no groups, no dilation),
/// output `[batch, outputChannels, outputHeight, outputWidth]` with
/// `outputHeight = (inputHeight + 2·paddingHeight − kernelHeight) / strideHeight + 1` (floor), likewise width.
///
/// A transposed convolution is described by the geometry of the convolution it is the adjoint of:
/// its input is that convolution's output and its output that convolution's input.
public struct ConvolutionGeometry: Hashable, Sendable, CustomStringConvertible {
    /// Batch size N.
    public var batch: Int
    /// Channels of the input.
    public var inputChannels: Int
    /// Channels of the output.
    public var outputChannels: Int
    /// Input height.
    public var inputHeight: Int
    /// Input width.
    public var inputWidth: Int
    /// Kernel height.
    public var kernelHeight: Int
    /// Kernel width.
    public var kernelWidth: Int
    /// Vertical stride.
    public var strideHeight: Int
    /// Horizontal stride.
    public var strideWidth: Int
    /// Zero rows added above and below.
    public var paddingHeight: Int
    /// Zero columns added left and right.
    public var paddingWidth: Int

    /// A geometry; preconditions: positive extents and strides, non-negative padding, a non-empty output.
    public init(batch: Int, inputChannels: Int, outputChannels: Int, inputHeight: Int, inputWidth: Int,
                kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
                paddingHeight: Int = 0, paddingWidth: Int = 0) {
        self.batch = batch; self.inputChannels = inputChannels; self.outputChannels = outputChannels
        self.inputHeight = inputHeight; self.inputWidth = inputWidth
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight; self.strideWidth = strideWidth
        self.paddingHeight = paddingHeight; self.paddingWidth = paddingWidth
        precondition(batch > 0 && inputChannels > 0 && outputChannels > 0 && kernelHeight > 0 && kernelWidth > 0
                     && strideHeight > 0 && strideWidth > 0 && paddingHeight >= 0 && paddingWidth >= 0,
                     "ConvolutionGeometry: invalid parameters \(self)")
        precondition(outputHeight > 0 && outputWidth > 0,
                     "ConvolutionGeometry: kernel \(kernelHeight)×\(kernelWidth) does not fit input \(inputHeight)×\(inputWidth) with padding \(paddingHeight),\(paddingWidth)")
    }

    /// Output height `(H + 2p − k) / s + 1`.
    public var outputHeight: Int { (inputHeight + 2 * paddingHeight - kernelHeight) / strideHeight + 1 }
    /// Output width `(W + 2p − k) / s + 1`.
    public var outputWidth: Int { (inputWidth + 2 * paddingWidth - kernelWidth) / strideWidth + 1 }
    /// Elements of the input.
    public var inputCount: Int { batch * inputChannels * inputHeight * inputWidth }
    /// Elements of the weight.
    public var weightCount: Int { outputChannels * inputChannels * kernelHeight * kernelWidth }
    /// Elements of the output.
    public var outputCount: Int { batch * outputChannels * outputHeight * outputWidth }
    /// Multiply-add FLOPs of one forward pass (2 per multiply-add).
    public var forwardFlops: Int { 2 * outputCount * inputChannels * kernelHeight * kernelWidth }
    /// True for a 1×1 kernel with stride 1 and no padding (a plain matrix product per sample).
    public var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1 && paddingHeight == 0 && paddingWidth == 0
    }

    /// A readable summary.
    public var description: String {
        "conv(batch \(batch), \(inputChannels)→\(outputChannels), \(inputHeight)×\(inputWidth), kernel \(kernelHeight)×\(kernelWidth), stride \(strideHeight),\(strideWidth), padding \(paddingHeight),\(paddingWidth))"
    }
}
