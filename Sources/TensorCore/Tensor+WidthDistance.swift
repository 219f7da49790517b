/// The row-wise Euclidean distance of PyTorch's `nn.PairwiseDistance(p = 2, eps = 1e-6)` applied to NCHW
/// tensors, as the authors' triplet loss uses it: the norm runs over the LAST axis (the width W).
extension Tensor {
    /// `d[n, c, h, 0] = √(Σ_w (a[n,c,h,w] − b[n,c,h,w] + ε)²)`, `[N, C, H, W] → [N, C, H, 1]`.
    ///
    /// ε is added to the difference (PyTorch's `pairwise_distance`), so `d(a, a) = ε·√W`, never 0 in practice.
    /// Gradient: `∂d/∂a = (a − b + ε) / d`, `∂d/∂b = −∂d/∂a`, and 0 where `d = 0` (as PyTorch's norm backward).
    public static func widthDistance(_ a: Tensor, _ b: Tensor, epsilon: Float = 1e-6) -> Tensor {
        precondition(a.shape == b.shape && a.rank == 4, "widthDistance: shapes \(a.shape) and \(b.shape) must be equal NCHW")
        let (n, c, h, w) = a.nchw
        let rows = n * c * h
        let out = Tensor(uninitializedShape: [n, c, h, 1])
        let outStorage = out.storage
        let pa = a.storage.pointer, pb = b.storage.pointer, po = outStorage.pointer
        for r in 0..<rows {
            var s: Float = 0
            for j in 0..<w {
                let d = pa[r * w + j] - pb[r * w + j] + epsilon
                s += d * d
            }
            po[r] = s.squareRoot()
        }
        return Tensor.result(shape: out.shape, storage: out.storage, parents: [a, b]) { g in
            let ga = Tensor(uninitializedShape: a.shape), gb = Tensor(uninitializedShape: b.shape)
            let pga = ga.storage.pointer, pgb = gb.storage.pointer, pg = g.storage.pointer, po = outStorage.pointer
            for r in 0..<rows {
                let norm = po[r]
                let scale: Float = norm > 0 ? pg[r] / norm : 0
                for j in 0..<w {
                    let v = (pa[r * w + j] - pb[r * w + j] + epsilon) * scale
                    pga[r * w + j] = v
                    pgb[r * w + j] = -v
                }
            }
            a.accumulateGradient(ga)
            b.accumulateGradient(gb)
        }
    }
}
