import TensorCore
import XCTest

final class LeakyReluTests: XCTestCase {
    /// Forward and backward against the per-element formulas, bit for bit, at and around the kink (0 and −0 take
    /// the negative side's slope, as PyTorch's `leaky_relu` backward does).
    func testMatchesTheElementFormulasBitForBit() {
        let values: [Float] = [-3, -0.5, -Float.leastNonzeroMagnitude, -0.0, 0, Float.leastNonzeroMagnitude, 0.25, 7]
        let seeds: [Float] = [0.5, -2, 3, 1.5, -0.75, 4, -1, 0.125]
        let slope: Float = 0.2
        let x = Tensor(shape: [2, 4], scalars: values, requiresGrad: true)
        let y = x.leakyRelu(negativeSlope: slope)
        XCTAssertEqual(y.scalars.map(\.bitPattern), values.map { ($0 > 0 ? $0 : slope * $0).bitPattern })
        (y * Tensor(shape: [2, 4], scalars: seeds)).sum().backward()
        XCTAssertEqual(x.grad?.scalars.map(\.bitPattern),
                       zip(values, seeds).map { v, s in (s * (v > 0 ? 1 : slope)).bitPattern })
    }
}
