/// The geometry of one 2-D convolution or transposed convolution on NCHW Float32 buffers.
///
/// Layouts (all contiguous, row-major):
/// - input `[batch, inputChannels, inputHeight, inputWidth]`
/// - output `[batch, outputChannels, outputHeight, outputWidth]`
/// - weight of a convolution `[outputChannels, inputChannels, kernelHeight, kernelWidth]` (PyTorch `Conv2d`)
/// - weight of a transposed convolution `[inputChannels, outputChannels, kernelHeight, kernelWidth]`
///   (PyTorch `ConvTranspose2d`)
/// - bias `[outputChannels]`
///
/// Output size (dilation 1, output_padding 0, PyTorch's formulas with separate top/bottom and left/right padding):
/// - convolution: `out = (in + padBegin + padEnd − kernel) / stride + 1` (integer division, floor)
/// - transposed: `out = (in − 1)·stride − padBegin − padEnd + kernel`
public struct Convolution2dShape: Hashable, Sendable, CustomStringConvertible {
    /// Number of images N.
    public var batch: Int
    /// Channels of the input buffer.
    public var inputChannels: Int
    /// Channels of the output buffer.
    public var outputChannels: Int
    /// Height of the input buffer.
    public var inputHeight: Int
    /// Width of the input buffer.
    public var inputWidth: Int
    /// Kernel height.
    public var kernelHeight: Int
    /// Kernel width.
    public var kernelWidth: Int
    /// Vertical stride.
    public var strideHeight: Int
    /// Horizontal stride.
    public var strideWidth: Int
    /// Zero rows added above the input (convolution) or cropped from the top of the output (transposed).
    public var paddingTop: Int
    /// Zero columns added left of the input (convolution) or cropped from the left of the output (transposed).
    public var paddingLeft: Int
    /// Zero rows added below the input (convolution) or cropped from the bottom of the output (transposed).
    public var paddingBottom: Int
    /// Zero columns added right of the input (convolution) or cropped from the right of the output (transposed).
    public var paddingRight: Int
    /// `true` for a transposed convolution (PyTorch `conv_transpose2d`), `false` for `conv2d`.
    public var transposed: Bool

    /// Creates a shape with every field given; padding may differ between the two sides.
    public init(
        batch: Int, inputChannels: Int, outputChannels: Int, inputHeight: Int, inputWidth: Int,
        kernelHeight: Int, kernelWidth: Int, strideHeight: Int, strideWidth: Int,
        paddingTop: Int, paddingLeft: Int, paddingBottom: Int, paddingRight: Int, transposed: Bool = false
    ) {
        self.batch = batch
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.paddingTop = paddingTop
        self.paddingLeft = paddingLeft
        self.paddingBottom = paddingBottom
        self.paddingRight = paddingRight
        self.transposed = transposed
    }

    /// Creates a shape with a square kernel, equal strides and the same padding on all four sides
    /// (PyTorch's `Conv2d(in, out, kernel_size, stride, padding)` or `ConvTranspose2d(...)`).
    public init(
        batch: Int, inputChannels: Int, outputChannels: Int, inputHeight: Int, inputWidth: Int,
        kernelSize: Int, stride: Int = 1, padding: Int = 0, transposed: Bool = false
    ) {
        self.init(
            batch: batch, inputChannels: inputChannels, outputChannels: outputChannels,
            inputHeight: inputHeight, inputWidth: inputWidth, kernelHeight: kernelSize, kernelWidth: kernelSize,
            strideHeight: stride, strideWidth: stride, paddingTop: padding, paddingLeft: padding,
            paddingBottom: padding, paddingRight: padding, transposed: transposed)
    }

    /// Output height from the formulas in the type's documentation (may be ≤ 0 for an invalid shape).
    public var outputHeight: Int {
        Self.outputExtent(inputHeight, kernelHeight, strideHeight, paddingTop, paddingBottom, transposed)
    }

    /// Output width from the formulas in the type's documentation (may be ≤ 0 for an invalid shape).
    public var outputWidth: Int {
        Self.outputExtent(inputWidth, kernelWidth, strideWidth, paddingLeft, paddingRight, transposed)
    }

    /// Element count of the input buffer, `batch·inputChannels·inputHeight·inputWidth`.
    public var inputCount: Int { batch * inputChannels * inputHeight * inputWidth }

    /// Element count of the output buffer, `batch·outputChannels·outputHeight·outputWidth`.
    public var outputCount: Int { batch * outputChannels * outputHeight * outputWidth }

    /// Element count of the weight buffer, `inputChannels·outputChannels·kernelHeight·kernelWidth`.
    public var weightCount: Int { inputChannels * outputChannels * kernelHeight * kernelWidth }

    /// Dimensions of the weight buffer: `[out, in, kH, kW]` for a convolution, `[in, out, kH, kW]` transposed.
    public var weightShape: [Int] {
        transposed
            ? [inputChannels, outputChannels, kernelHeight, kernelWidth]
            : [outputChannels, inputChannels, kernelHeight, kernelWidth]
    }

    /// Floating-point operations of one forward pass (the same count holds for backward-data and
    /// backward-weights): `2·batch·inputChannels·outputChannels·kH·kW·outH·outW` for a convolution; a transposed
    /// convolution uses its input's spatial size in place of the output's.
    public var forwardFlops: Double {
        let positions = transposed ? inputHeight * inputWidth : outputHeight * outputWidth
        return 2 * Double(batch) * Double(inputChannels) * Double(outputChannels)
            * Double(kernelHeight * kernelWidth) * Double(positions)
    }

    /// `true` when every size is positive, padding is non-negative and the output is non-empty.
    public var isValid: Bool {
        batch > 0 && inputChannels > 0 && outputChannels > 0 && inputHeight > 0 && inputWidth > 0
            && kernelHeight > 0 && kernelWidth > 0 && strideHeight > 0 && strideWidth > 0
            && paddingTop >= 0 && paddingLeft >= 0 && paddingBottom >= 0 && paddingRight >= 0
            && outputHeight > 0 && outputWidth > 0
    }

    /// A compact description, e.g. `conv 8×16→16 64×64 k3×3 s1×1 p1,1,1,1`.
    public var description: String {
        "\(transposed ? "convT" : "conv") \(batch)×\(inputChannels)→\(outputChannels) "
            + "\(inputHeight)×\(inputWidth) k\(kernelHeight)×\(kernelWidth) s\(strideHeight)×\(strideWidth) "
            + "p\(paddingTop),\(paddingLeft),\(paddingBottom),\(paddingRight)"
    }

    private static func outputExtent(
        _ input: Int, _ kernel: Int, _ stride: Int, _ begin: Int, _ end: Int, _ transposed: Bool
    ) -> Int {
        if transposed { return (input - 1) * stride - begin - end + kernel }
        guard stride > 0 else { return 0 }
        let span = input + begin + end - kernel
        return span < 0 ? 0 : span / stride + 1
    }
}
