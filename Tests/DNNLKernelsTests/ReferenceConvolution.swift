import DNNLKernels

/// Naive nested-loop convolutions with Double accumulation, the reference every oneDNN kernel is checked against.
enum ReferenceConvolution {
    /// Calls `body(inputIndex, outputIndex, weightIndex)` for every product term of the forward pass, written
    /// directly from PyTorch's definitions of conv2d and conv_transpose2d.
    static func forEachTerm(_ s: Convolution2dShape, _ body: (Int, Int, Int) -> Void) {
        let (oh, ow) = (s.outputHeight, s.outputWidth)
        for n in 0..<s.batch {
            for c in 0..<s.inputChannels {
                for o in 0..<s.outputChannels {
                    for i in 0..<s.kernelHeight {
                        for j in 0..<s.kernelWidth {
                            if s.transposed {
                                let w = ((c * s.outputChannels + o) * s.kernelHeight + i) * s.kernelWidth + j
                                for y in 0..<s.inputHeight {
                                    let oy = y * s.strideHeight - s.paddingTop + i
                                    if oy < 0 || oy >= oh { continue }
                                    for x in 0..<s.inputWidth {
                                        let ox = x * s.strideWidth - s.paddingLeft + j
                                        if ox < 0 || ox >= ow { continue }
                                        body(
                                            ((n * s.inputChannels + c) * s.inputHeight + y) * s.inputWidth + x,
                                            ((n * s.outputChannels + o) * oh + oy) * ow + ox, w)
                                    }
                                }
                            } else {
                                let w = ((o * s.inputChannels + c) * s.kernelHeight + i) * s.kernelWidth + j
                                for y in 0..<oh {
                                    let iy = y * s.strideHeight - s.paddingTop + i
                                    if iy < 0 || iy >= s.inputHeight { continue }
                                    for x in 0..<ow {
                                        let ix = x * s.strideWidth - s.paddingLeft + j
                                        if ix < 0 || ix >= s.inputWidth { continue }
                                        body(
                                            ((n * s.inputChannels + c) * s.inputHeight + iy) * s.inputWidth + ix,
                                            ((n * s.outputChannels + o) * oh + y) * ow + x, w)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func forward(_ s: Convolution2dShape, input: [Float], weight: [Float], bias: [Float]?) -> [Double] {
        var output = [Double](repeating: 0, count: s.outputCount)
        forEachTerm(s) { i, o, w in output[o] += Double(input[i]) * Double(weight[w]) }
        if let bias {
            let plane = s.outputHeight * s.outputWidth
            for index in output.indices { output[index] += Double(bias[(index / plane) % s.outputChannels]) }
        }
        return output
    }

    static func backwardData(_ s: Convolution2dShape, outputGradient: [Float], weight: [Float]) -> [Double] {
        var gradient = [Double](repeating: 0, count: s.inputCount)
        forEachTerm(s) { i, o, w in gradient[i] += Double(outputGradient[o]) * Double(weight[w]) }
        return gradient
    }

    static func backwardWeights(_ s: Convolution2dShape, input: [Float], outputGradient: [Float])
        -> (weight: [Double], bias: [Double])
    {
        var weight = [Double](repeating: 0, count: s.weightCount)
        forEachTerm(s) { i, o, w in weight[w] += Double(input[i]) * Double(outputGradient[o]) }
        var bias = [Double](repeating: 0, count: s.outputChannels)
        let plane = s.outputHeight * s.outputWidth
        for (index, value) in outputGradient.enumerated() { bias[(index / plane) % s.outputChannels] += Double(value) }
        return (weight, bias)
    }
}

/// A small seeded generator (SplitMix64) for reproducible test data.
struct SeededGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` values uniform in [−1, 1).
    mutating func uniform(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }
    }
}
