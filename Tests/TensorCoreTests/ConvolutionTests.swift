import XCTest
import TensorCore
import TestSupport

final class ConvolutionTests: XCTestCase {
    /// Runs `body` once with each convolution backend (oneDNN when available, and the im2col reference).
    func forEachBackend(_ body: (String) -> Void) {
        let saved = Convolution.backend
        defer { Convolution.backend = saved }
        var backends: [any ConvolutionBackend] = [Im2ColConvolutionBackend()]
        if DNNLConvolutionBackend.isAvailable { backends.append(DNNLConvolutionBackend()) }
        for backend in backends {
            Convolution.backend = backend
            body(backend.name)
        }
    }

    /// oneDNN is the default backend on this platform (the im2col path is the reference).
    func testDefaultBackendIsOneDNNWhenAvailable() {
        XCTAssertTrue(DNNLConvolutionBackend.isAvailable)
        XCTAssertTrue(Convolution.backend is DNNLConvolutionBackend)
    }

    /// Gradients of both backends agree with each other (input, weight, bias) on the networks' shapes.
    func testBackendsAgreeOnGradients() {
        var g = RandomGenerator(seed: 21)
        for (k, s, p) in [(3, 1, 1), (4, 2, 2), (1, 1, 0), (3, 2, 1)] {
            let x = Tensor.randomNormal([2, 5, 9, 9], generator: &g), w = Tensor.randomNormal([6, 5, k, k], generator: &g)
            let wt = Tensor.randomNormal([5, 3, 2, 2], generator: &g)
            var results: [[Float]] = []
            forEachBackend { _ in
                let xi = x.copy(), wi = w.copy(), wti = wt.copy()
                for t in [xi, wi, wti] { t.requiresGrad = true }
                let y = Tensor.conv2d(xi, weight: wi, stride: (s, s), padding: (p, p))
                let z = Tensor.convTranspose2d(xi, weight: wti, stride: (2, 2))
                ((y * y).sum() + (z * z.sigmoid()).sum()).backward()
                results.append(y.scalars + z.scalars + xi.grad!.scalars + wi.grad!.scalars + wti.grad!.scalars)
            }
            guard results.count == 2 else { continue }
            let worst = zip(results[0], results[1]).map { Swift.abs($0 - $1) / max(1, Swift.abs($0)) }.max()!
            XCTAssertLessThan(worst, 1e-4, "kernel \(k) stride \(s) padding \(p)")
        }
    }

    /// PyTorch 1.13 reference (inputs sin(a·i+b), see `Reference.sineTensor`):
    /// ```python
    /// x = seq((2,3,5,5), 0.37, 0.1); w = seq((4,3,3,3), 0.91, 0.5); b = seq((4,), 1.3, 0.2)
    /// y = F.conv2d(x, w, b, stride=2, padding=1); y.flatten()[:12], y.sum()
    /// ```
    func testConv2dMatchesPyTorch() { forEachBackend { backend in
        let x = Reference.sineTensor([2, 3, 5, 5], 0.37, 0.1), w = Reference.sineTensor([4, 3, 3, 3], 0.91, 0.5)
        let b = Reference.sineTensor([4], 1.3, 0.2)
        let y = Tensor.conv2d(x, weight: w, bias: b, stride: (2, 2), padding: (1, 1))
        XCTAssertEqual(y.shape, [2, 4, 3, 3])
        let expected: [Float] = [-1.534926, -2.902874, 1.181133, 3.609605, 0.452452, -3.55751, -1.149769, 2.959821,
                                 2.348969, -1.799948, -0.770983, 3.423275]
        XCTAssertLessThan(Reference.maxDifference(y, prefix: expected), 1e-5)
        XCTAssertEqual(y.sum().item, 10.41187, accuracy: 1e-4, backend)
    } }

    /// ```python
    /// xt = seq((2,4,3,3), 0.23, 0.3); wt = seq((4,2,2,2), 0.71, 0.4); bt = seq((2,), 0.5, 0.0)
    /// yt = F.conv_transpose2d(xt, wt, bt, stride=2); yt.flatten()[:12], yt.sum()
    /// ```
    func testConvTranspose2dMatchesPyTorch() { forEachBackend { backend in
        let x = Reference.sineTensor([2, 4, 3, 3], 0.23, 0.3), w = Reference.sineTensor([4, 2, 2, 2], 0.71, 0.4)
        let b = Reference.sineTensor([2], 0.5, 0)
        let y = Tensor.convTranspose2d(x, weight: w, bias: b, stride: (2, 2))
        XCTAssertEqual(y.shape, [2, 2, 6, 6])
        let expected: [Float] = [0.447588, 0.551034, 0.378602, 0.515153, 0.289677, 0.452141, 0.388179, 0.037726,
                                 0.402743, 0.095696, 0.396096, 0.148627]
        XCTAssertLessThan(Reference.maxDifference(y, prefix: expected), 1e-5)
        XCTAssertEqual(y.sum().item, 36.77392, accuracy: 1e-4, backend)
    } }

    /// The im2col + GEMM path against direct loops, for the kernel shapes the networks use and odd sizes.
    func testBackendsMatchNaiveLoops() { forEachBackend { backend in
        var g = RandomGenerator(seed: 3)
        let cases: [(n: Int, c: Int, o: Int, h: Int, w: Int, k: Int, s: Int, p: Int)] = [
            (2, 3, 4, 8, 8, 3, 1, 1), (3, 2, 5, 7, 9, 3, 2, 1), (2, 3, 2, 9, 9, 4, 2, 2), (2, 4, 3, 6, 5, 1, 1, 0),
            (1, 2, 3, 5, 5, 5, 1, 2), (2, 2, 2, 6, 6, 2, 2, 0), (4, 3, 2, 2, 2, 3, 1, 1),
        ]
        for c in cases {
            let x = Tensor.randomNormal([c.n, c.c, c.h, c.w], generator: &g)
            let w = Tensor.randomNormal([c.o, c.c, c.k, c.k], generator: &g)
            let b = Tensor.randomNormal([c.o], generator: &g)
            let fast = Tensor.conv2d(x, weight: w, bias: b, stride: (c.s, c.s), padding: (c.p, c.p))
            let slow = Reference.conv2d(x, w, bias: b, stride: c.s, padding: c.p)
            XCTAssertEqual(fast.shape, slow.shape, "\(c)")
            XCTAssertLessThan(Reference.maxDifference(fast, slow), 1e-4, "\(c)")
            let wt = Tensor.randomNormal([c.c, c.o, c.k, c.k], generator: &g)
            let fastT = Tensor.convTranspose2d(x, weight: wt, bias: b, stride: (c.s, c.s), padding: (c.p, c.p))
            let slowT = Reference.convTranspose2d(x, wt, bias: b, stride: c.s, padding: c.p)
            XCTAssertEqual(fastT.shape, slowT.shape, "\(c)")
            XCTAssertLessThan(Reference.maxDifference(fastT, slowT), 1e-4, "\(c) \(backend)")
        }
    } }

    /// ⟨conv(x, w), y⟩ = ⟨x, convT(y, w)⟩ for stride-1, stride-2 and padded geometries.
    func testAdjointIdentity() { forEachBackend { backend in
        var g = RandomGenerator(seed: 9)
        for (k, s, p) in [(3, 1, 1), (3, 2, 1), (4, 2, 2), (2, 2, 0), (1, 1, 0)] {
            let x = Tensor.randomNormal([2, 3, 8, 8], generator: &g)
            let w = Tensor.randomNormal([4, 3, k, k], generator: &g)
            let y0 = Tensor.conv2d(x, weight: w, stride: (s, s), padding: (p, p))
            let y = Tensor.randomNormal(y0.shape, generator: &g)
            // Output padding (8 + 2p − k) mod s restores the rows the strided conv's floor dropped.
            let extra = (8 + 2 * p - k) % s
            let back = Tensor.convTranspose2d(y, weight: w, stride: (s, s), padding: (p, p), outputPadding: (extra, extra))
            XCTAssertEqual(back.shape, x.shape)
            let left = (y0 * y).sum().item
            let right = (x * back).sum().item
            XCTAssertEqual(left, right, accuracy: 1e-3 * max(1, Swift.abs(left)), "kernel \(k) stride \(s) padding \(p) \(backend)")
        }
    } }
}
