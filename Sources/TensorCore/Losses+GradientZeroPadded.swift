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
            // Only the inputs that need a gradient get one (the target usually needs none).
            for (input, isPrediction) in [(prediction, true), (target, false)] where input.requiresGrad {
                let gradient = Tensor.zeros(input.shape)
                let fx = UnsafeMutablePointer<Float>.allocate(capacity: 2 * plane)
                defer { fx.deallocate() }
                for pl in 0..<(n * c) {
                    zeroPaddedDifferenceGradient(
                        prediction: a + pl * plane, target: b + pl * plane, ofPrediction: isPrediction, weight: weight,
                        height: h, width: w, into: gradient.storage.pointer + pl * plane, scratch: fx)
                }
                input.accumulateGradient(gradient)
            }
        }
    }

    /// One plane's gradient of `gradientDifferenceZeroPadded` with respect to the prediction (`ofPrediction`) or the
    /// target, scaled by `weight`, written into `d`. Per neighbour pair (k, next) along x and along y, with
    /// `e = next − this` (next = 0 at the padded edge), `su = sign(|e_a| − |e_b|)·weight`, the pair's force is
    /// `f = su·sign(e_a)` for the prediction and `f = −su·sign(e_b)` for the target; `d[k] −= f`, `d[next] += f`.
    /// The sums are formed in the order of a raster-order visit of the pairs (x before y), so results are
    /// bit-identical to that visit: `d[k] = ((0 + f_y(k−w)) + f_x(k−1)) − f_x(k) − f_y(k)`.
    private static func zeroPaddedDifferenceGradient(
        prediction pa: UnsafePointer<Float>, target pb: UnsafePointer<Float>, ofPrediction: Bool, weight: Float,
        height h: Int, width w: Int, into d: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        // sign(v): 1, −1, or 0 (for 0 and NaN), without branches.
        func sign(_ v: Float) -> Float { (v > 0 ? 1 : 0) - (v < 0 ? 1 : 0) }
        func force(_ ea: Float, _ eb: Float) -> Float {
            let su = sign(Swift.abs(ea) - Swift.abs(eb)) * weight
            return ofPrediction ? su * sign(ea) : -su * sign(eb)
        }
        let plane = h * w
        let fx = scratch, fy = scratch + plane
        for i in 0..<h {
            let row = i * w
            for j in 0..<(w - 1) {
                let k = row + j
                fx[k] = force(pa[k + 1] - pa[k], pb[k + 1] - pb[k])
            }
            let last = row + w - 1
            fx[last] = force(0 - pa[last], 0 - pb[last])
        }
        for k in 0..<(plane - w) { fy[k] = force(pa[k + w] - pa[k], pb[k + w] - pb[k]) }
        for k in (plane - w)..<plane { fy[k] = force(0 - pa[k], 0 - pb[k]) }
        for i in 0..<h {
            for j in 0..<w {
                let k = i * w + j
                var v: Float = 0
                if i > 0 { v += fy[k - w] }
                if j > 0 { v += fx[k - 1] }
                v -= fx[k]
                v -= fy[k]
                d[k] = v
            }
        }
    }
}
