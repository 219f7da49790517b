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
}
