import DNNLKernels
import XCTest

/// The passes that share blocked copies (`DNNLConvolution+SharedReorders`) compute the same bits as the plain
/// calls, on every shape of `DNNLConvolutionTests` and on operands large enough for oneDNN reorder primitives.
final class DNNLSharedReorderTests: XCTestCase {
    static let shapes: [(Convolution2dShape, bias: Bool)] =
        DNNLConvolutionTests.shapes + [
            (Convolution2dShape(batch: 2, inputChannels: 16, outputChannels: 16, inputHeight: 20, inputWidth: 20,
                                kernelSize: 3, stride: 1, padding: 1), false),
            (Convolution2dShape(batch: 2, inputChannels: 8, outputChannels: 12, inputHeight: 20, inputWidth: 18,
                                kernelSize: 4, stride: 2, padding: 1), true),
            (Convolution2dShape(batch: 2, inputChannels: 16, outputChannels: 8, inputHeight: 16, inputWidth: 16,
                                kernelSize: 2, stride: 2, padding: 0, transposed: true), false),
        ]

    /// `forward(keepingBlockedInput:)` then `backward(blockedInput:…)` (both gradients, and the weight gradient
    /// alone) equal `forward`, `backwardData` and `backwardWeights`.
    func testBackwardSharingOutputGradientAndKeptInputIsBitIdentical() throws {
        for (index, (shape, withBias)) in Self.shapes.enumerated() {
            let operands = Operands(shape, withBias: withBias, seed: 140 + UInt64(index))
            let plain = try XCTUnwrap(operands.run(shape), "shape \(index)")
            var output = [Float](repeating: .nan, count: shape.outputCount)
            var inputGradient = [Float](repeating: .nan, count: shape.inputCount)
            var weightGradient = [Float](repeating: .nan, count: shape.weightCount)
            var biasGradient = [Float](repeating: .nan, count: shape.outputChannels)
            let bias = operands.bias ?? []
            let kept = output.withUnsafeMutableBufferPointer { out in
                bias.withUnsafeBufferPointer { b in
                    DNNLConvolution.forward(shape, input: operands.input, weight: operands.weight,
                                            bias: withBias ? b.baseAddress! : nil, output: out.baseAddress!,
                                            keepingBlockedInput: true)
                }
            }
            XCTAssertTrue(kept.succeeded)
            XCTAssertEqual(output, plain.output, "forward, shape \(index)")
            for alone in [false, true] {
                inputGradient = [Float](repeating: .nan, count: shape.inputCount)
                let ok = inputGradient.withUnsafeMutableBufferPointer { gi in
                    weightGradient.withUnsafeMutableBufferPointer { gw in
                        biasGradient.withUnsafeMutableBufferPointer { gb in
                            DNNLConvolution.backward(
                                shape, input: operands.input, blockedInput: kept.blockedInput,
                                outputGradient: operands.outputGradient, weight: operands.weight,
                                inputGradient: alone ? nil : gi.baseAddress!, weightGradient: gw.baseAddress!,
                                biasGradient: withBias ? gb.baseAddress! : nil)
                        }
                    }
                }
                XCTAssertTrue(ok)
                if !alone { XCTAssertEqual(inputGradient, plain.inputGradient, "input gradient, shape \(index)") }
                XCTAssertEqual(weightGradient, plain.weightGradient, "weight gradient, shape \(index), alone \(alone)")
                if withBias { XCTAssertEqual(biasGradient, plain.biasGradient, "bias gradient, shape \(index)") }
            }
        }
    }

    /// `backwardData(keepingBlockedOutputGradient:)` then `forwardAndBackwardWeights` (a transposed convolution's
    /// passes through its adjoint) equal `backwardData`, `forward` and `backwardWeights`.
    func testForwardAndBackwardWeightsWithKeptOutputGradientIsBitIdentical() throws {
        for (index, (shape, _)) in Self.shapes.enumerated() {
            let operands = Operands(shape, withBias: false, seed: 240 + UInt64(index))
            let plain = try XCTUnwrap(operands.run(shape), "shape \(index)")
            var inputGradient = [Float](repeating: .nan, count: shape.inputCount)
            let kept = inputGradient.withUnsafeMutableBufferPointer { gi in
                DNNLConvolution.backwardData(shape, outputGradient: operands.outputGradient, weight: operands.weight,
                                             inputGradient: gi.baseAddress!, keepingBlockedOutputGradient: true)
            }
            XCTAssertTrue(kept.succeeded)
            XCTAssertEqual(inputGradient, plain.inputGradient, "backward-data, shape \(index)")
            for alone in [false, true] {
                var output = [Float](repeating: .nan, count: shape.outputCount)
                var weightGradient = [Float](repeating: .nan, count: shape.weightCount)
                let ok = output.withUnsafeMutableBufferPointer { out in
                    weightGradient.withUnsafeMutableBufferPointer { gw in
                        DNNLConvolution.forwardAndBackwardWeights(
                            shape, input: operands.input, weight: operands.weight,
                            output: alone ? nil : out.baseAddress!, outputGradient: operands.outputGradient,
                            blockedOutputGradient: kept.blockedOutputGradient, weightGradient: gw.baseAddress!)
                    }
                }
                XCTAssertTrue(ok)
                if !alone { XCTAssertEqual(output, plain.output, "forward, shape \(index)") }
                XCTAssertEqual(weightGradient, plain.weightGradient, "weight gradient, shape \(index), alone \(alone)")
            }
        }
    }
}
