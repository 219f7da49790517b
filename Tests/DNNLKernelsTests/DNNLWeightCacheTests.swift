import DNNLKernels
import XCTest

/// The blocked copies of weights that `DNNLConvolution` keeps between calls must never be used once the caller's
/// weight bytes changed, however they were changed.
final class DNNLWeightCacheTests: XCTestCase {
    /// 16 → 32 channels: the weights are converted into a blocked layout (table copy), 64 → 64 channels: large
    /// enough for a reorder primitive; and a transposed convolution.
    static let shapes = [
        Convolution2dShape(batch: 2, inputChannels: 16, outputChannels: 32, inputHeight: 6, inputWidth: 5,
                           kernelSize: 3, stride: 1, padding: 1),
        Convolution2dShape(batch: 1, inputChannels: 64, outputChannels: 64, inputHeight: 4, inputWidth: 4,
                           kernelSize: 3, stride: 1, padding: 1),
        Convolution2dShape(batch: 2, inputChannels: 16, outputChannels: 16, inputHeight: 3, inputWidth: 4,
                           kernelSize: 2, stride: 2, padding: 0, transposed: true),
    ]

    /// Forward and backward-data outputs for `weight` (bit patterns).
    func passes(_ shape: Convolution2dShape, _ operands: Operands, weight: UnsafePointer<Float>) -> [UInt32] {
        var output = [Float](repeating: .nan, count: shape.outputCount)
        var inputGradient = [Float](repeating: .nan, count: shape.inputCount)
        XCTAssertTrue(output.withUnsafeMutableBufferPointer {
            DNNLConvolution.forward(shape, input: operands.input, weight: weight, bias: nil, output: $0.baseAddress!)
        })
        XCTAssertTrue(inputGradient.withUnsafeMutableBufferPointer {
            DNNLConvolution.backwardData(
                shape, outputGradient: operands.outputGradient, weight: weight, inputGradient: $0.baseAddress!)
        })
        return (output + inputGradient).map(\.bitPattern)
    }

    /// The same passes on a freshly created primitive (empty caches), with the weights copied to a new buffer.
    func freshPasses(_ shape: Convolution2dShape, _ operands: Operands, weight: [Float]) -> [UInt32] {
        DNNLConvolution.clearCache()
        return weight.withUnsafeBufferPointer { passes(shape, operands, weight: $0.baseAddress!) }
    }

    func testUnchangedWeightsAreReusedAndChangedWeightsConvertedAgain() {
        for (index, shape) in Self.shapes.enumerated() {
            let operands = Operands(shape, withBias: false, seed: UInt64(40 + index))
            let weight = UnsafeMutablePointer<Float>.allocate(capacity: shape.weightCount)
            defer { weight.deallocate() }
            weight.initialize(from: operands.weight, count: shape.weightCount)
            DNNLConvolution.clearCache()
            let first = passes(shape, operands, weight: weight)
            let before = DNNLConvolution.weightReuse
            XCTAssertEqual(passes(shape, operands, weight: weight), first, "\(shape): unchanged weights")
            let after = DNNLConvolution.weightReuse
            XCTAssertEqual(after.reused - before.reused, 2, "\(shape): forward and backward-data reuse their copy")
            XCTAssertEqual(after.converted, before.converted, "\(shape)")

            // Written in place, as an optimiser step, a checkpoint load or a test through the pointer would: only
            // the last element changes, so a comparison of anything less than every byte would miss it.
            weight[shape.weightCount - 1] += 0.25
            let changed = passes(shape, operands, weight: weight)
            XCTAssertNotEqual(changed, first, "\(shape): the last weight takes part in the result")
            XCTAssertEqual(DNNLConvolution.weightReuse.converted - after.converted, 2, "\(shape)")
            let current = Array(UnsafeBufferPointer(start: weight, count: shape.weightCount))
            XCTAssertEqual(changed, freshPasses(shape, operands, weight: current), "\(shape): changed weights")

            // Changed back to the first values (bit for bit): the result is the first one again.
            weight[shape.weightCount - 1] = operands.weight[shape.weightCount - 1]
            XCTAssertEqual(passes(shape, operands, weight: weight), first, "\(shape): restored weights")
        }
    }

    /// More weight buffers than a workspace keeps, used in turn, and a buffer whose address is reused for other
    /// weights: every result equals a fresh computation.
    func testManyWeightsSharingOneShape() {
        let shape = Self.shapes[0]
        let operands = Operands(shape, withBias: false, seed: 7)
        var generator = SeededGenerator(seed: 8)
        let weights = (0..<11).map { _ in generator.uniform(shape.weightCount) }
        let expected = weights.map { freshPasses(shape, operands, weight: $0) }
        DNNLConvolution.clearCache()
        let buffers = weights.map { values -> UnsafeMutablePointer<Float> in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: values.count)
            buffer.initialize(from: values, count: values.count)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        for round in 0..<3 {
            for (index, buffer) in buffers.enumerated() {
                XCTAssertEqual(passes(shape, operands, weight: buffer), expected[index], "round \(round), \(index)")
            }
        }
        // One buffer takes each other weight's values in turn (a freed buffer reused by another tensor).
        for (index, values) in weights.enumerated().reversed() {
            buffers[0].update(from: values, count: values.count)
            XCTAssertEqual(passes(shape, operands, weight: buffers[0]), expected[index], "reused buffer, \(index)")
        }
    }
}
