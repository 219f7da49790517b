import XCTest
import TensorCore
import TestSupport

/// Finite-difference checks of every differentiable op (tiny shapes, loss Σ out·r, inputs away from kinks).
final class GradientTests: XCTestCase {
    var generator = RandomGenerator(seed: 42)

    func random(_ shape: [Int], scale: Float = 1) -> Tensor {
        Tensor.randomNormal(shape, standardDeviation: scale, generator: &generator)
    }

    /// Values whose magnitude is at least `margin` (away from kinks at 0).
    func awayFromZero(_ shape: [Int], margin: Float = 0.1) -> Tensor {
        let t = random(shape)
        t.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = (p[i] >= 0 ? 1 : -1) * (Swift.abs(p[i]) + margin) } }
        return t
    }

    func assertGradients(_ inputs: [Tensor], step: Float = 1e-2, file: StaticString = #filePath, line: UInt = #line,
                         _ f: @escaping ([Tensor]) -> Tensor) {
        let result = GradientChecker.check(inputs, step: step, f)
        XCTAssertTrue(result.passed, "\(result)", file: file, line: line)
        XCTAssertGreaterThan(result.checked, 0, file: file, line: line)
    }

    func testArithmeticWithBroadcasting() {
        let shapes: [([Int], [Int])] = [([2, 3, 2, 2], [2, 3, 2, 2]), ([2, 3, 2, 2], [1, 3, 1, 1]),
                                         ([2, 3, 2, 2], [2, 3, 1, 1]), ([2, 3, 2, 2], [1]), ([3, 1], [1, 4])]
        for (sa, sb) in shapes {
            assertGradients([random(sa), random(sb)]) { $0[0] + $0[1] }
            assertGradients([random(sa), random(sb)]) { $0[0] - $0[1] }
            assertGradients([random(sa), random(sb)]) { $0[0] * $0[1] }
            assertGradients([random(sa), awayFromZero(sb, margin: 0.8)], step: 1e-3) { $0[0] / $0[1] }
        }
        assertGradients([random([2, 3])]) { ($0[0] * 2.5 + 1) - 0.5 * $0[0] / 4 }
        assertGradients([random([2, 3])]) { 3 - (-$0[0]) }
    }

    func testElementwiseFunctions() {
        assertGradients([awayFromZero([2, 3, 2, 2])]) { $0[0].relu() }
        assertGradients([awayFromZero([2, 3, 2, 2])]) { $0[0].leakyRelu(negativeSlope: 0.2) }
        assertGradients([awayFromZero([2, 3, 2, 2])]) { $0[0].abs() }
        assertGradients([awayFromZero([2, 3, 2, 2])]) { $0[0].clamped(min: 0) }
        assertGradients([random([2, 3, 2, 2])]) { $0[0].tanh() }
        assertGradients([random([2, 3, 2, 2])]) { $0[0].sigmoid() }
        assertGradients([random([2, 3, 2, 2], scale: 0.5)]) { $0[0].exp() }
        assertGradients([random([2, 3, 2, 2])]) { $0[0].square() }
        let positive = random([2, 3]).abs() + 0.5
        assertGradients([positive.detached()], step: 1e-3) { $0[0].log() }
        assertGradients([(random([2, 3]).abs() + 0.5).detached()], step: 1e-3) { $0[0].sqrt() }
    }

    func testReductionsAndShapes() {
        assertGradients([random([2, 3, 2, 2])]) { $0[0].sum() }
        assertGradients([random([2, 3, 2, 2])]) { $0[0].mean() }
        assertGradients([random([3, 2, 2, 2])]) { $0[0].meanPerSample() }
        assertGradients([random([2, 3, 2, 2])]) { $0[0].sumOverChannels() }
        assertGradients([random([2, 3, 2, 2])]) { $0[0].reshaped([6, -1]) * $0[0].reshaped([6, 4]) }
        assertGradients([random([2, 3, 2, 4])]) { $0[0].permuted([0, 2, 3, 1]) }
        assertGradients([random([3, 4, 2, 2])]) { $0[0].sliced(batch: 1..<3) }
        assertGradients([random([2, 4, 2, 2])]) { $0[0].sliced(channels: 1..<3) }
        assertGradients([random([2, 1, 2, 2]), random([2, 3, 2, 2])]) { Tensor.concatenate(channels: [$0[0], $0[1], $0[0]]) }
        assertGradients([random([2, 3, 4, 4])]) { $0[0].globalAveragePool() }
    }

    func testMatrixProducts() {
        assertGradients([random([3, 4]), random([4, 5])]) { Tensor.matmul($0[0], $0[1]) }
        assertGradients([random([3, 4]), random([2, 4]), random([2])]) { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
    }

    func testConvolutions() {
        // 3×3 padding 1, stride-2 padded, 4×4 stride 2 padding 2 (discriminator), 1×1, all with bias.
        let cases: [(kernel: Int, stride: Int, padding: Int)] = [(3, 1, 1), (3, 2, 1), (4, 2, 2), (1, 1, 0), (2, 1, 0)]
        for c in cases {
            assertGradients([random([2, 2, 5, 5]), random([3, 2, c.kernel, c.kernel], scale: 0.5), random([3])]) {
                Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: (c.stride, c.stride), padding: (c.padding, c.padding))
            }
        }
        for c in [(kernel: 2, stride: 2, padding: 0), (kernel: 3, stride: 2, padding: 1), (kernel: 3, stride: 1, padding: 1)] {
            assertGradients([random([2, 3, 3, 3]), random([3, 2, c.kernel, c.kernel], scale: 0.5), random([2])]) {
                Tensor.convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: (c.stride, c.stride), padding: (c.padding, c.padding))
            }
        }
    }

    func testBatchNormBothModes() {
        let runningMean = Tensor.zeros([3]), runningVariance = Tensor.ones([3])
        assertGradients([random([2, 3, 3, 3], scale: 2) + 0.5, random([3]), random([3])]) {
            Tensor.batchNorm2d($0[0], weight: $0[1], bias: $0[2], runningMean: runningMean, runningVariance: runningVariance, training: true)
        }
        // Fused ReLU: same values as batchNorm2d(…).relu(), gradients checked on inputs away from the kink.
        let x = random([2, 3, 3, 3]), gamma = random([3]), beta = random([3])
        let fused = Tensor.batchNorm2d(x, weight: gamma, bias: beta, runningMean: runningMean, runningVariance: runningVariance, training: true, fusingReLU: true)
        let plain = Tensor.batchNorm2d(x, weight: gamma, bias: beta, runningMean: runningMean, runningVariance: runningVariance, training: true).relu()
        XCTAssertEqual(fused.scalars, plain.scalars)
        assertGradients([x, gamma, beta], step: 1e-3) {
            Tensor.batchNorm2d($0[0], weight: $0[1], bias: $0[2], runningMean: runningMean, runningVariance: runningVariance, training: true, fusingReLU: true)
        }
        let rm = random([3]), rv = random([3]).abs() + 0.5
        assertGradients([random([2, 3, 3, 3]), random([3]), random([3])]) {
            Tensor.batchNorm2d($0[0], weight: $0[1], bias: $0[2], runningMean: rm, runningVariance: rv, training: false)
        }
    }

    func testPoolingAndNormalisation() {
        // Distinct values in each window keep max pooling away from ties.
        let x = Tensor(shape: [2, 2, 4, 5], scalars: (0..<80).map { Float(($0 * 37) % 80) * 0.05 })
        assertGradients([x]) { $0[0].maxPool2d() }
        assertGradients([random([2, 4, 2, 3])]) { $0[0].l2NormalizedOverChannels() }
        assertGradients([random([3, 5])]) { $0[0].l2NormalizedOverChannels() }
    }

    func testLosses() {
        assertGradients([random([2, 1, 3, 3]), random([2, 1, 3, 3])]) { Losses.meanSquaredError($0[0], $0[1]) }
        assertGradients([random([3, 1, 2, 2]), random([3, 1, 2, 2])]) { Losses.perSampleMeanSquaredError($0[0], $0[1]) }
        assertGradients([random([2, 2, 4, 4]), random([2, 2, 4, 4])], step: 1e-3) { Losses.gradientDifference($0[0], $0[1]) }
        // Margin 5 keeps every hinge active; margin 0.2 mixes active and inactive positions.
        for margin: Float in [5, 0.2] {
            assertGradients([random([2, 4, 2, 2]), random([2, 4, 2, 2]), random([2, 4, 2, 2])], step: 1e-3) {
                Losses.triplet(anchor: $0[0], positive: $0[1], negative: $0[2], margin: margin)
            }
        }
        assertGradients([random([2, 4, 2, 2]), random([2, 4, 2, 2]), random([2, 4, 2, 2])], step: 1e-3) {
            Losses.perSampleTriplet(anchor: $0[0], positive: $0[1], negative: $0[2], margin: 5)
        }
        assertGradients([random([2, 1, 3, 3]), random([2, 1, 3, 3])]) { Losses.leastSquaresDiscriminator(real: $0[0], fake: $0[1]) }
        assertGradients([random([2, 1, 3, 3])]) { Losses.leastSquaresGenerator(fake: $0[0]) }
    }
}
