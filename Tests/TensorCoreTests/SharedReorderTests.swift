import DNNLKernels
import TensorCore
import TestSupport
import XCTest

/// oneDNN with only the three plain calls: the combined passes take `ConvolutionBackend`'s default implementations,
/// i.e. every pass reorders its operands itself (the path before shared reorders).
private struct PlainDNNLConvolutionBackend: ConvolutionBackend {
    let inner = DNNLConvolutionBackend()
    var name: String { "plain-" + inner.name }

    func forward(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>) -> Bool {
        inner.forward(g, input: input, weight: weight, output: output)
    }

    func backwardData(_ g: ConvolutionGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                      inputGradient: UnsafeMutablePointer<Float>) -> Bool {
        inner.backwardData(g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient)
    }

    func backwardWeights(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                         weightGradient: UnsafeMutablePointer<Float>) -> Bool {
        inner.backwardWeights(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
    }
}

/// The oneDNN backend's shared reorders (the output gradient reordered once for backward-data and backward-weights,
/// the forward's blocked input kept for backward-weights, the same for transposed convolutions) change no bit.
final class SharedReorderTests: XCTestCase {
    /// Everything a few training steps produce: losses, then per step every parameter gradient, then the final
    /// parameters and BatchNorm running statistics.
    struct Trace: Equatable {
        var losses: [Float] = []
        var gradients: [[Float]] = []
        var parameters: [[Float]] = []
    }

    /// Trains conv(3→16) → BN → ReLU → conv(16→16) → ReLU → convT(16→4, stride 2), plus a transposed convolution
    /// of the data (weight gradient only), for `steps` SGD steps with `backend`, from fixed seeds. The first
    /// convolution needs only its weight gradient; the second and the first transposed one need both. Batch 2 at
    /// 24 × 24 gives 18432-element activations (oneDNN reorder primitives) and a 3-channel input padded to the
    /// channel block (copy tables), so both copy paths are exercised; 16 channels are blocked by AVX2 and
    /// AVX-512 kernels alike.
    func train(_ backend: any ConvolutionBackend, steps: Int, liveBytesSeen: inout Int) -> Trace {
        let saved = Convolution.backend
        Convolution.backend = backend
        defer { Convolution.backend = saved }
        var generator = RandomGenerator(seed: 14)
        func parameter(_ shape: [Int], scale: Float) -> Tensor {
            let t = Tensor.randomNormal(shape, standardDeviation: scale, generator: &generator)
            t.requiresGrad = true
            return t
        }
        let data = Tensor.randomNormal([2, 3, 24, 24], generator: &generator)
        let w1 = parameter([16, 3, 3, 3], scale: 0.3), b1 = parameter([16], scale: 0.1)
        let gamma = parameter([16], scale: 0.1), beta = parameter([16], scale: 0.1)
        let w2 = parameter([16, 16, 3, 3], scale: 0.1), wt = parameter([16, 4, 2, 2], scale: 0.3)
        let wd = parameter([3, 2, 3, 3], scale: 0.3)
        let runningMean = Tensor.zeros([16]), runningVariance = Tensor(shape: [16], scalars: Array(repeating: 1, count: 16))
        let parameters = [w1, b1, gamma, beta, w2, wt, wd]
        var trace = Trace()
        for _ in 0..<steps {
            for p in parameters { p.grad = nil }
            let h1 = Tensor.conv2d(data, weight: w1, bias: b1, padding: (1, 1))
            let h2 = Tensor.batchNorm2d(h1, weight: gamma, bias: beta, runningMean: runningMean,
                                        runningVariance: runningVariance, training: true).relu()
            let h3 = Tensor.conv2d(h2, weight: w2, padding: (1, 1)).relu()
            let y = Tensor.convTranspose2d(h3, weight: wt, stride: (2, 2))
            let d = Tensor.convTranspose2d(data, weight: wd, stride: (2, 2), padding: (1, 1))
            let loss = (y * y).mean() + (d * d).mean()
            liveBytesSeen = max(liveBytesSeen, DNNLBlockedCopy.liveBytes)
            loss.backward()
            trace.losses.append(loss.item)
            for p in parameters {
                let g = p.grad!.scalars
                trace.gradients.append(g)
                p.withUnsafeMutableBufferPointer { values in
                    for i in values.indices { values[i] -= 0.05 * g[i] }
                }
            }
        }
        trace.parameters = parameters.map(\.scalars) + [runningMean.scalars, runningVariance.scalars]
        return trace
    }

    func testSharedReordersTrainBitIdenticallyToPlainCalls() throws {
        try XCTSkipUnless(DNNLConvolutionBackend.isAvailable)
        var plainLive = 0, sharedLive = 0
        let baseline = DNNLBlockedCopy.liveBytes, reusesBefore = DNNLBlockedCopy.reuseCount
        let plain = train(PlainDNNLConvolutionBackend(), steps: 4, liveBytesSeen: &plainLive)
        XCTAssertEqual(DNNLBlockedCopy.reuseCount, reusesBefore)
        let shared = train(DNNLConvolutionBackend(), steps: 4, liveBytesSeen: &sharedLive)
        // At least conv 2's output gradient (shared by its two backward passes) and forward input (kept for
        // backward-weights) per step; which other operands agree in layout depends on the kernels oneDNN picks
        // (measured: 3 per step with AVX-512 kernels, 5 with AVX2).
        XCTAssertGreaterThanOrEqual(DNNLBlockedCopy.reuseCount - reusesBefore, 2 * 4)
        XCTAssertEqual(plain.losses.count, 4)
        XCTAssertTrue(plain.losses.allSatisfy(\.isFinite))
        XCTAssertEqual(shared, plain, "shared reorders changed a loss, gradient or weight")
        XCTAssertNotEqual(plain.losses.first, plain.losses.last, "training did not move")
        // The shared path really kept blocked copies while the graph was alive, and released them with it.
        XCTAssertEqual(plainLive, baseline)
        XCTAssertGreaterThan(sharedLive, baseline)
        XCTAssertEqual(DNNLBlockedCopy.liveBytes, baseline)
    }

    /// With no memory budget for blocked copies none is made (every pass reorders its operands itself, also the
    /// output gradient within one backward call): same bits.
    func testSharedReordersWithoutBudgetTrainBitIdentically() throws {
        try XCTSkipUnless(DNNLConvolutionBackend.isAvailable)
        let saved = DNNLBlockedCopy.memoryBudget
        defer { DNNLBlockedCopy.memoryBudget = saved }
        let baseline = DNNLBlockedCopy.liveBytes
        var seen = baseline
        let plain = train(PlainDNNLConvolutionBackend(), steps: 2, liveBytesSeen: &seen)
        DNNLBlockedCopy.memoryBudget = baseline
        let unbudgeted = train(DNNLConvolutionBackend(), steps: 2, liveBytesSeen: &seen)
        XCTAssertEqual(unbudgeted, plain)
        XCTAssertEqual(seen, baseline)
    }

    /// Without gradient recording nothing is kept (inference keeps no blocked copies alive).
    func testNoCopyIsKeptWithoutGradientRecording() throws {
        try XCTSkipUnless(DNNLConvolutionBackend.isAvailable)
        var generator = RandomGenerator(seed: 3)
        let x = Tensor.randomNormal([2, 16, 24, 24], generator: &generator)
        let w = Tensor.randomNormal([16, 16, 3, 3], generator: &generator)
        w.requiresGrad = true
        let before = DNNLBlockedCopy.liveBytes
        let y = Tensor.withoutGrad { Tensor.conv2d(x, weight: w, padding: (1, 1)) }
        XCTAssertEqual(DNNLBlockedCopy.liveBytes, before)
        XCTAssertFalse(y.requiresGrad)
    }
}
