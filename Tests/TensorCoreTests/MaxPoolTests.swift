import XCTest
import TensorCore

final class MaxPoolTests: XCTestCase {
    /// Values and routing of 2×2 max pooling on one 4×5 plane (the last column dropped), with ties: each window's
    /// gradient goes to its first maximal element in row-major order, as PyTorch's `max_pool2d` does.
    /// Windows: [1 3 / 2 0] → 3 at (0,1); [5 5 / 5 4] (ties) → (0,2); [7 8 / 8 −1] (ties) → (2,1);
    /// [−2 −2 / −2 −2] (all equal) → (2,2).
    func testValuesAndFirstMaximumRouting() {
        let x = Tensor(shape: [1, 1, 4, 5], scalars: [
            1, 3, 5, 5, 9,
            2, 0, 5, 4, 9,
            7, 8, -2, -2, 9,
            8, -1, -2, -2, 9,
        ], requiresGrad: true)
        let y = x.maxPool2d()
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.scalars, [3, 5, 8, -2])
        (y * Tensor(shape: [1, 1, 2, 2], scalars: [10, 20, 30, 40])).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [
            0, 10, 20, 0, 0,
            0, 0, 0, 0, 0,
            0, 30, 40, 0, 0,
            0, 0, 0, 0, 0,
        ])
    }
}
