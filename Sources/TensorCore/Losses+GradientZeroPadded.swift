extension Losses {
    /// The authors' gradient-difference loss (`Gradient_Loss`): the image is zero-padded by one column on the right
    /// (one row at the bottom) before the forward differences, so
    /// `∂ₓa[i, j] = a[i, j+1] − a[i, j]` with `a[i, W] = 0`, likewise `∂ᵧa` with `a[H, j] = 0`, and
    /// `L = mean over N·C·H·W of ( ||∂ₓb| − |∂ₓa|| + ||∂ᵧb| − |∂ᵧa|| )`. Shape `[1]`; differentiable in both
    /// inputs (|·|' = sign, 0 at 0, as PyTorch).
    public static func gradientDifferenceZeroPadded(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        precondition(prediction.shape == target.shape && prediction.rank == 4,
                     "gradientDifferenceZeroPadded: shapes \(prediction.shape) and \(target.shape) must be equal NCHW")
        let (n, c, h, w) = prediction.nchw
        let a = prediction.storage.pointer, b = target.storage.pointer
        let plane = h * w
        // The neighbour value of index (i, j) along x / y: 0 beyond the last column / row.
        func right(_ p: UnsafeMutablePointer<Float>, _ i: Int, _ j: Int) -> Float { j + 1 < w ? p[i * w + j + 1] : 0 }
        func below(_ p: UnsafeMutablePointer<Float>, _ i: Int, _ j: Int) -> Float { i + 1 < h ? p[(i + 1) * w + j] : 0 }
        var total: Double = 0
        for pl in 0..<(n * c) {
            let pa = a + pl * plane, pb = b + pl * plane
            var s: Float = 0
            for i in 0..<h {
                for j in 0..<w {
                    let ax = right(pa, i, j) - pa[i * w + j], bx = right(pb, i, j) - pb[i * w + j]
                    let ay = below(pa, i, j) - pa[i * w + j], by = below(pb, i, j) - pb[i * w + j]
                    s += Swift.abs(Swift.abs(bx) - Swift.abs(ax)) + Swift.abs(Swift.abs(by) - Swift.abs(ay))
                }
            }
            total += Double(s)
        }
        let count = Double(n * c * h * w)
        return Tensor.result(shape: [1], storage: Tensor(Float(total / count)).storage, parents: [prediction, target]) { g in
            let weight = g.item / Float(count)
            let ga = Tensor.zeros(prediction.shape), gb = Tensor.zeros(target.shape)
            func sign(_ v: Float) -> Float { v > 0 ? 1 : (v < 0 ? -1 : 0) }
            for pl in 0..<(n * c) {
                let pa = a + pl * plane, pb = b + pl * plane
                let da = ga.storage.pointer + pl * plane, db = gb.storage.pointer + pl * plane
                // term = |u|, u = |e_a| − |e_b|, e = next − this (next = 0 at the padded edge).
                func visit(_ index: Int, next: Int?, _ ea: Float, _ eb: Float) {
                    let su = sign(Swift.abs(ea) - Swift.abs(eb)) * weight
                    let fa = su * sign(ea), fb = -su * sign(eb)
                    da[index] -= fa; db[index] -= fb
                    if let next { da[next] += fa; db[next] += fb }
                }
                for i in 0..<h {
                    for j in 0..<w {
                        let k = i * w + j
                        visit(k, next: j + 1 < w ? k + 1 : nil, right(pa, i, j) - pa[k], right(pb, i, j) - pb[k])
                        visit(k, next: i + 1 < h ? k + w : nil, below(pa, i, j) - pa[k], below(pb, i, j) - pb[k])
                    }
                }
            }
            prediction.accumulateGradient(ga)
            target.accumulateGradient(gb)
        }
    }
}
