import DNNLKernels

/// Results of the three passes of one shape, computed by oneDNN.
struct KernelResults: Equatable {
    var output: [Float]
    var inputGradient: [Float]
    var weightGradient: [Float]
    var biasGradient: [Float]?
}

/// Random operands of one shape.
struct Operands {
    var input: [Float]
    var weight: [Float]
    var bias: [Float]?
    var outputGradient: [Float]

    init(_ shape: Convolution2dShape, withBias: Bool, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        input = generator.uniform(shape.inputCount)
        weight = generator.uniform(shape.weightCount)
        bias = withBias ? generator.uniform(shape.outputChannels) : nil
        outputGradient = generator.uniform(shape.outputCount)
    }

    /// Runs forward, backward-data and backward-weights on oneDNN. Result buffers start as NaN so that a kernel
    /// that does not overwrite every element fails the comparison.
    func run(_ shape: Convolution2dShape) -> KernelResults? {
        var output = [Float](repeating: .nan, count: shape.outputCount)
        var inputGradient = [Float](repeating: .nan, count: shape.inputCount)
        var weightGradient = [Float](repeating: .nan, count: shape.weightCount)
        var biasGradient: [Float]? = bias == nil ? nil : [Float](repeating: .nan, count: shape.outputChannels)
        let forwardOK = output.withUnsafeMutableBufferPointer { out in
            if let bias {
                return bias.withUnsafeBufferPointer {
                    DNNLConvolution.forward(
                        shape, input: input, weight: weight, bias: $0.baseAddress!, output: out.baseAddress!)
                }
            }
            return DNNLConvolution.forward(shape, input: input, weight: weight, bias: nil, output: out.baseAddress!)
        }
        let dataOK = inputGradient.withUnsafeMutableBufferPointer {
            DNNLConvolution.backwardData(
                shape, outputGradient: outputGradient, weight: weight, inputGradient: $0.baseAddress!)
        }
        let weightsOK = weightGradient.withUnsafeMutableBufferPointer { gw in
            if biasGradient != nil {
                return biasGradient!.withUnsafeMutableBufferPointer { gb in
                    DNNLConvolution.backwardWeights(
                        shape, input: input, outputGradient: outputGradient, weightGradient: gw.baseAddress!,
                        biasGradient: gb.baseAddress!)
                }
            }
            return DNNLConvolution.backwardWeights(
                shape, input: input, outputGradient: outputGradient, weightGradient: gw.baseAddress!,
                biasGradient: nil)
        }
        guard forwardOK, dataOK, weightsOK else { return nil }
        return KernelResults(
            output: output, inputGradient: inputGradient, weightGradient: weightGradient, biasGradient: biasGradient)
    }
}

