import XCTest
import F2LM

final class GaussianSSIMTests: XCTestCase {
    // Reference values from scikit-image 0.26 (Wang et al.'s Gaussian SSIM; skimage crops the filtered border,
    // which equals our "valid" filtering):
    //   from skimage.metrics import structural_similarity as ssim
    //   x = np.array([[ (i*7 + j*3) % 11 / 10.0 for j in range(12)] for i in range(12)])
    //   y = np.array([[ ((i*5 + j*2) % 9) / 8.0 for j in range(12)] for i in range(12)])
    //   ssim(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0)  # -0.1121893878736991
    //   x2 = np.array([[ (i+j)/22.0 for j in range(12)] for i in range(12)])
    //   ssim(x2, x2*0.5+0.25, ...same options...)                                                 # 0.8139872563605329
    func testMatchesScikitImage() {
        let x: [Float] = (0..<144).map { (k: Int) -> Float in
            let v: Int = ((k / 12) * 7 + (k % 12) * 3) % 11
            return Float(v) / 10
        }
        let y: [Float] = (0..<144).map { (k: Int) -> Float in
            let v: Int = ((k / 12) * 5 + (k % 12) * 2) % 9
            return Float(v) / 8
        }
        let measure = GaussianSSIM()
        XCTAssertEqual(measure.similarity(x, y, channels: 1, height: 12, width: 12), -0.1121893878736991, accuracy: 1e-5)
        let ramp: [Float] = (0..<144).map { (k: Int) -> Float in Float(k / 12 + k % 12) / 22 }
        let squeezed: [Float] = ramp.map { $0 * 0.5 + 0.25 }
        XCTAssertEqual(measure.similarity(ramp, squeezed, channels: 1, height: 12, width: 12),
                       0.8139872563605329, accuracy: 1e-5)
    }

    func testIdenticalImagesScoreOneAndChannelsAverage() {
        let x: [Float] = (0..<(3 * 16 * 16)).map { (k: Int) -> Float in Float((k * 37) % 101) / 100 }
        XCTAssertEqual(GaussianSSIM().similarity(x, x, channels: 3, height: 16, width: 16), 1, accuracy: 1e-9)
        // One channel replaced by its inverse: the mean over channels drops below 1 but stays above the bad channel's.
        var y = x
        for i in 0..<256 { y[i] = 1 - x[i] }
        let mixed = GaussianSSIM().similarity(x, y, channels: 3, height: 16, width: 16)
        let bad = GaussianSSIM().similarity(Array(x[0..<256]), Array(y[0..<256]), channels: 1, height: 16, width: 16)
        XCTAssertEqual(mixed, (2 + bad) / 3, accuracy: 1e-9)
    }

    func testWindowShrinksForSmallPatches() {
        let measure = GaussianSSIM()
        XCTAssertEqual(measure.kernel(size: 4).count, 4)
        XCTAssertEqual(measure.kernel(size: 11).reduce(0, +), 1, accuracy: 1e-12)
        let x: [Float] = [0.1, 0.9, 0.4, 0.6, 0.2, 0.8, 0.3, 0.7, 0.5]
        XCTAssertEqual(measure.similarity(x, x, channels: 1, height: 3, width: 3), 1, accuracy: 1e-9)
        XCTAssertLessThan(measure.similarity(x, x.map { 1 - $0 }, channels: 1, height: 3, width: 3), 0)
    }
}
