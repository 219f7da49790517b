import XCTest
import TensorCore
import TestSupport

final class BatchNormTests: XCTestCase {
    /// PyTorch 1.13 reference:
    /// ```python
    /// x = seq((2,3,5,5), 0.37, 0.1); bn = nn.BatchNorm2d(3)
    /// bn.weight.data = seq((3,), 0.8, 1.0); bn.bias.data = seq((3,), 0.6, 0.3)
    /// y = bn(x)            # training: batch statistics, running stats updated
    /// bn.eval(); ye = bn(x)
    /// ```
    func testTrainingAndEvaluationMatchPyTorch() {
        let x = Reference.sineTensor([2, 3, 5, 5], 0.37, 0.1)
        let gamma = Reference.sineTensor([3], 0.8, 1.0), beta = Reference.sineTensor([3], 0.6, 0.3)
        let mean = Tensor.zeros([3]), variance = Tensor.ones([3])
        let y = Tensor.batchNorm2d(x, weight: gamma, bias: beta, runningMean: mean, runningVariance: variance, training: true)
        XCTAssertLessThan(Reference.maxDifference(y, prefix: [0.385761, 0.803888, 1.149421, 1.375594, 1.451795, 1.367711, 1.134722, 0.784362]), 2e-5)
        let expectedMean: [Float] = [0.002363684354349971, -0.0032132123596966267, 0.003964835312217474]
        let expectedVariance: [Float] = [0.9515117406845093, 0.9512080550193787, 0.9508621692657471]
        for i in 0..<3 {
            XCTAssertEqual(mean.scalars[i], expectedMean[i], accuracy: 1e-6)
            XCTAssertEqual(variance.scalars[i], expectedVariance[i], accuracy: 1e-6)
        }
        let meanAfterTraining = mean.scalars
        let ye = Tensor.batchNorm2d(x, weight: gamma, bias: beta, runningMean: mean, runningVariance: variance, training: false)
        XCTAssertLessThan(Reference.maxDifference(ye, prefix: [0.379602, 0.684159, 0.93584, 1.100581, 1.156085, 1.094839, 0.925134, 0.669937]), 2e-5)
        XCTAssertEqual(mean.scalars, meanAfterTraining, "evaluation must not update running statistics")
    }

    /// `batchNorm2d(…, fusingReLU: true)` equals `batchNorm2d(…).relu()` to the bit: output, running statistics, and
    /// the gradients of input, γ and β (the fused backward masks the gradient inside its two passes), in training
    /// and evaluation mode, on planes of 15 values (one vector and a scalar tail) and 24 (whole vectors only).
    func testFusedReLUEqualsSeparateOpsBitForBit() {
        for (h, w) in [(3, 5), (4, 6)] {
            for training in [true, false] {
                var generator = RandomGenerator(seed: 11)
                let x = Tensor.randomNormal([2, 3, h, w], generator: &generator)
                let r = Tensor.randomNormal([2, 3, h, w], generator: &generator)
                let gammaValues = Tensor.randomNormal([3], generator: &generator).scalars
                let betaValues = Tensor.randomNormal([3], generator: &generator).scalars
                func run(fused: Bool) -> [[UInt32]] {
                    let input = x.copy(), gamma = Tensor(shape: [3], scalars: gammaValues), beta = Tensor(shape: [3], scalars: betaValues)
                    for t in [input, gamma, beta] { t.requiresGrad = true }
                    let mean = Tensor(shape: [3], scalars: [0.1, -0.2, 0.3]), variance = Tensor(shape: [3], scalars: [1.5, 0.5, 2])
                    let y = fused
                        ? Tensor.batchNorm2d(input, weight: gamma, bias: beta, runningMean: mean, runningVariance: variance,
                                             training: training, fusingReLU: true)
                        : Tensor.batchNorm2d(input, weight: gamma, bias: beta, runningMean: mean, runningVariance: variance,
                                             training: training).relu()
                    (y * r).sum().backward()
                    return [y, mean, variance, input.grad!, gamma.grad!, beta.grad!].map { $0.scalars.map(\.bitPattern) }
                }
                XCTAssertEqual(run(fused: true), run(fused: false), "plane \(h)×\(w), training \(training)")
            }
        }
    }
}
