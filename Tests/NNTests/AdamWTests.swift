import Foundation
import XCTest
import NN
import TensorCore
import TestSupport

final class AdamWTests: XCTestCase {
    /// PyTorch 1.13 reference:
    /// ```python
    /// p = nn.Parameter(seq((5,), 0.5, 0.0)); opt = torch.optim.AdamW([p], lr=0.1, weight_decay=0.05)
    /// for step in range(3):
    ///     opt.zero_grad(); loss = (p * seq((5,), 0.3 + step, 0.7)).sum() + (p ** 2).sum(); loss.backward(); opt.step()
    ///     print(p.data.tolist())
    /// ```
    func testThreeStepsMatchPyTorch() {
        let p = Reference.sineTensor([5], 0.5, 0)
        p.requiresGrad = true
        let opt = AdamW(parameters: [("p", p)], learningRate: 0.1, weightDecay: 0.05)
        let expected: [[Float]] = [
            [-0.09999999403953552, 0.3770284354686737, 0.737263560295105, 0.8925075531005859, 0.804750919342041],
            [-0.19691084325313568, 0.2754274010658264, 0.6404310464859009, 0.8042446374893188, 0.709183394908905],
            [-0.2871209383010864, 0.182504802942276, 0.5564499497413635, 0.7095670104026794, 0.6188581585884094],
        ]
        for step in 0..<3 {
            opt.zeroGrad()
            ((p * Reference.sineTensor([5], 0.3 + Double(step), 0.7)).sum() + p.square().sum()).backward()
            opt.step()
            for (a, b) in zip(p.scalars, expected[step]) { XCTAssertEqual(a, b, accuracy: 2e-6, "step \(step + 1)") }
        }
        XCTAssertEqual(opt.stepCounts["p"], 3)
    }

    func testParametersWithoutGradientsAreSkipped() {
        let a = Tensor.ones([2], requiresGrad: true), b = Tensor.ones([2], requiresGrad: true)
        let opt = AdamW(parameters: [("a", a), ("b", b)], learningRate: 0.1)
        (a * 2).sum().backward()
        opt.step()
        XCTAssertEqual(b.scalars, [1, 1])
        XCTAssertNotEqual(a.scalars, [1, 1])
        XCTAssertEqual(opt.stepCounts["b"], 0)
    }

    /// The vectorised update (eight lanes, `sqrtps`) against a plain scalar transcription of PyTorch's per-element
    /// formula, to the bit, on 43 elements (five full vectors and a tail of three) over four steps with gradients
    /// of mixed signs and magnitudes (some zero).
    func testVectorisedUpdateEqualsScalarFormulaBitForBit() {
        var generator = RandomGenerator(seed: 7)
        let p = Tensor.randomNormal([43], generator: &generator)
        p.requiresGrad = true
        let lr: Float = 3e-3, b1: Float = 0.5, b2: Float = 0.999, eps: Float = 1e-8, wd: Float = 0.01
        let opt = AdamW(parameters: [("p", p)], learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd)
        var expected = p.scalars, m = [Float](repeating: 0, count: 43), v = m
        for step in 1...4 {
            let g = Tensor.randomNormal([43], generator: &generator).scalars.enumerated().map { i, x in
                i % 7 == 0 ? 0 : x * Float(1 << (i % 5)) * (step % 2 == 0 ? 1e-3 : 1)
            }
            p.grad = Tensor(shape: [43], scalars: g)
            opt.step()
            let c1 = 1 - Float(pow(Double(b1), Double(step))), c2 = 1 - Float(pow(Double(b2), Double(step)))
            let stepSize = lr / c1, root = c2.squareRoot()
            for i in 0..<43 {
                m[i] = m[i] * b1 + (1 - b1) * g[i]
                v[i] = v[i] * b2 + (1 - b2) * g[i] * g[i]
                expected[i] = expected[i] * (1 - lr * wd) + (-stepSize) * (m[i] / (v[i].squareRoot() / root + eps))
            }
            XCTAssertEqual(p.scalars.map(\.bitPattern), expected.map(\.bitPattern), "step \(step)")
        }
    }
}
