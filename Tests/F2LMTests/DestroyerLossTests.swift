import XCTest
import F2LM
import TensorCore

final class DestroyerLossTests: XCTestCase {
    func testPixelWeightsSpreadEachPatchWeightOverItsPixelsAndChannels() {
        // batch 1, 2 channels, 4×4, patch 2: weights per patch [0.1, 0.2; 0.3, 0.4].
        let w = DestroyerLoss.pixelWeights([0.1, 0.2, 0.3, 0.4], batch: 1, channels: 2, height: 4, width: 4, patchSize: 2)
        let plane: [Float] = [0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4, 0.4, 0.3, 0.3, 0.4, 0.4]
        XCTAssertEqual(w, plane + plane)
    }

    /// A 1×1×2×2 case with patch size 1: four patches with diff = [1, 0, 0.5, 0.25].
    /// L = Σ diff (Z − R)² + (1 − diff)(A − R)², Z = −1 (black):
    /// R = [0, 0.5, −0.5, 1], A = [0.2, 0.5, 0, 0.6]
    /// p0: 1·(−1 − 0)² + 0 = 1; p1: 0 + 1·(0.5 − 0.5)² = 0; p2: 0.5·(−1 + 0.5)² + 0.5·(0 + 0.5)² = 0.25;
    /// p3: 0.25·(−1 − 1)² + 0.75·(0.6 − 1)² = 1 + 0.12 = 1.12. Total 2.37; without Z only the keep terms: 0.245.
    func testLossAgainstHandComputedValueAndGradient() {
        let diff: [Float] = [1, 0, 0.5, 0.25]
        let weights = Tensor(shape: [1, 1, 2, 2], scalars: DestroyerLoss.pixelWeights(diff, batch: 1, channels: 1, height: 2,
                                                                                      width: 2, patchSize: 1))
        let output = Tensor(shape: [1, 1, 2, 2], scalars: [0, 0.5, -0.5, 1], requiresGrad: true)
        let kept = Tensor(shape: [1, 1, 2, 2], scalars: [0.2, 0.5, 0, 0.6])
        let black = Tensor.full([1, 1, 2, 2], value: -1)
        let loss = DestroyerLoss.loss(output: output, kept: kept, destroyed: black, weights: weights)
        XCTAssertEqual(loss.item, 2.37, accuracy: 1e-5)
        loss.backward()
        // ∂L/∂R = −2 diff (Z − R) − 2 (1 − diff)(A − R): [2, 0, 0.5 − 0.5, 1 + 0.6]
        assertClose(output.grad!.scalars.map(Double.init), [2, 0, 0, 1.6], accuracy: 1e-5)
        let keepOnly = DestroyerLoss.loss(output: output.detached(), kept: kept, destroyed: nil, weights: weights)
        XCTAssertEqual(keepOnly.item, 0 + 0 + 0.125 + 0.12, accuracy: 1e-5)
    }
}
