import Foundation
import NN
import TensorCore
import XCTest

/// oneDNN keeps the blocked copy of a convolution weight while the weight's bytes stay the same. Every path that
/// writes parameters must therefore lead to the same numbers as a fresh computation (no cached state at all).
final class ConvolutionWeightReuseTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        try XCTSkipUnless(DNNLConvolutionBackend.isAvailable, "oneDNN not available")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("weight-reuse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Output, input gradient and weight gradient of `model` on `x` (seed: the fixed `direction`), as bits.
    func passes(_ model: Sequential, _ x: Tensor, _ direction: Tensor) -> [UInt32] {
        model.zeroGrad()
        let input = x.detached()
        input.requiresGrad = true
        let output = model(input)
        (output * direction).sum().backward()
        let gradients = model.parameters().flatMap { $0.grad?.scalars ?? [] }
        return (output.scalars + input.grad!.scalars + gradients).map(\.bitPattern)
    }

    /// `passes` with every oneDNN cache emptied first.
    func freshPasses(_ model: Sequential, _ x: Tensor, _ direction: Tensor) -> [UInt32] {
        DNNLConvolutionBackend.clearCache()
        return passes(model, x, direction)
    }

    func makeModel(seed: UInt64) -> Sequential {
        var generator = RandomGenerator(seed: seed)
        return Sequential([
            Conv2d(inputChannels: 16, outputChannels: 32, kernelSize: 3, padding: 1, generator: &generator),
            ConvTranspose2d(inputChannels: 32, outputChannels: 16, kernelSize: 2, stride: 2, generator: &generator),
        ])
    }

    func testEveryWayOfWritingParametersInvalidatesTheConvertedWeights() throws {
        var generator = RandomGenerator(seed: 3)
        let x = Tensor.randomNormal([2, 16, 5, 6], generator: &generator)
        let direction = Tensor.randomNormal([2, 16, 10, 12], generator: &generator)
        let model = makeModel(seed: 1)
        var previous = freshPasses(model, x, direction)
        let reuse = DNNLConvolutionBackend.weightReuse
        XCTAssertEqual(passes(model, x, direction), previous, "unchanged weights")
        XCTAssertGreaterThan(DNNLConvolutionBackend.weightReuse.reused, reuse.reused, "unchanged weights are reused")

        func check(_ what: String) {
            let now = passes(model, x, direction)
            XCTAssertNotEqual(now, previous, "\(what): the weights changed")
            XCTAssertEqual(now, freshPasses(model, x, direction), "\(what): equals a fresh computation")
            previous = now
        }

        let optimizer = AdamW(module: model, learningRate: 1e-3)
        _ = passes(model, x, direction)
        optimizer.step()
        check("AdamW step")

        let other = makeModel(seed: 2)
        let file = directory.appendingPathComponent("other.safetensors")
        try other.saveCheckpoint(to: file)
        try model.loadCheckpoint(from: file)
        check("checkpoint load")

        try model.loadStateDictionary(
            Dictionary(uniqueKeysWithValues: makeModel(seed: 4).stateDictionary().map { ($0.name, $0.tensor) }))
        check("state dictionary load")

        for parameter in model.parameters() {
            parameter.withUnsafeMutableBufferPointer { $0[$0.count - 1] *= -2 }
        }
        check("assignment through withUnsafeMutableBufferPointer")

        for parameter in model.parameters() { parameter.storage.pointer[0] += 0.5 }
        check("assignment through the storage pointer")
    }
}
