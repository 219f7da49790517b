import TensorCore
import XCTest

final class GradientDifferenceTests: XCTestCase {
    /// The zero-padded gradient-difference loss's backward pass, as a raster-order visit of the neighbour pairs (the
    /// straightforward form the kernel reorganises): returns the gradients of prediction and target.
    static func visitGradients(_ a: [Float], _ b: [Float], n: Int, c: Int, h: Int, w: Int, seed: Float)
        -> ([Float], [Float])
    {
        let plane = h * w, weight = seed / Float(n * c * plane)
        var ga = [Float](repeating: 0, count: a.count), gb = ga
        func sign(_ v: Float) -> Float { v > 0 ? 1 : (v < 0 ? -1 : 0) }
        for pl in 0..<(n * c) {
            let o = pl * plane
            func visit(_ index: Int, next: Int?, _ ea: Float, _ eb: Float) {
                let su = sign(abs(ea) - abs(eb)) * weight
                let fa = su * sign(ea), fb = -su * sign(eb)
                ga[o + index] -= fa; gb[o + index] -= fb
                if let next { ga[o + next] += fa; gb[o + next] += fb }
            }
            for i in 0..<h {
                for j in 0..<w {
                    let k = i * w + j
                    let ra = j + 1 < w ? a[o + k + 1] : 0, rb = j + 1 < w ? b[o + k + 1] : 0
                    visit(k, next: j + 1 < w ? k + 1 : nil, ra - a[o + k], rb - b[o + k])
                    let da = i + 1 < h ? a[o + k + w] : 0, db = i + 1 < h ? b[o + k + w] : 0
                    visit(k, next: i + 1 < h ? k + w : nil, da - a[o + k], db - b[o + k])
                }
            }
        }
        return (ga, gb)
    }

    /// Bit-identical to the raster-order visit, for each input that requires a gradient; the target gets none when
    /// it does not require one (its gradient images are not computed). Values on a coarse grid, so that equal
    /// neighbours (sign 0) and equal magnitudes occur.
    func testGradientsEqualTheRasterOrderVisitBitForBit() {
        var generator = RandomGenerator(seed: 11)
        for (n, c, h, w) in [(2, 3, 5, 4), (1, 1, 1, 3), (1, 2, 4, 1), (4, 3, 32, 32)] {
            let shape = [n, c, h, w]
            let a = Tensor.randomUniform(shape, lowerBound: -2, upperBound: 2, generator: &generator).scalars
                .map { ($0 * 4).rounded() / 4 }
            let b = Tensor.randomUniform(shape, lowerBound: -2, upperBound: 2, generator: &generator).scalars
                .map { ($0 * 4).rounded() / 4 }
            let (expectedA, expectedB) = Self.visitGradients(a, b, n: n, c: c, h: h, w: w, seed: 0.75)
            for targetNeedsGradient in [false, true] {
                let prediction = Tensor(shape: shape, scalars: a, requiresGrad: true)
                let target = Tensor(shape: shape, scalars: b, requiresGrad: targetNeedsGradient)
                let loss = Losses.gradientDifferenceZeroPadded(prediction, target) * 0.75
                loss.backward()
                XCTAssertEqual(prediction.grad?.scalars.map(\.bitPattern), expectedA.map(\.bitPattern), "\(shape)")
                if targetNeedsGradient {
                    XCTAssertEqual(target.grad?.scalars.map(\.bitPattern), expectedB.map(\.bitPattern), "\(shape)")
                } else {
                    XCTAssertNil(target.grad, "\(shape)")
                }
            }
        }
    }
}
