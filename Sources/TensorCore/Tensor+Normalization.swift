/// L2 normalisation over channels.
extension Tensor {
    /// `F.normalize(x, dim=1)`: divides each position's channel vector by its L2 norm,
    /// `y[n,:,i,j] = x[n,:,i,j] / max(‖x[n,:,i,j]‖₂, ε)`, for `[N, C, H, W]` (or `[N, C]`) tensors.
    /// Backward (norm > ε): `∂x = (g − y · ⟨g, y⟩) / ‖x‖`.
    public func l2NormalizedOverChannels(epsilon: Float = 1e-12) -> Tensor {
        precondition(rank >= 2, "l2NormalizedOverChannels: need [N, C, …], got \(shape)")
        let n = shape[0], c = shape[1], plane = count / max(n * c, 1)
        let out = Tensor(uninitializedShape: shape)
        var norms = [Float](repeating: 0, count: n * plane)
        let x = storage.pointer, y = out.storage.pointer
        for b in 0..<n {
            let base = b * c * plane
            norms.withUnsafeMutableBufferPointer { nr in
                let acc = nr.baseAddress! + b * plane
                for ch in 0..<c { let row = x + base + ch * plane; for i in 0..<plane { acc[i] += row[i] * row[i] } }
                for i in 0..<plane { acc[i] = Swift.max(acc[i].squareRoot(), epsilon) }
                for ch in 0..<c { let row = x + base + ch * plane, o = y + base + ch * plane; for i in 0..<plane { o[i] = row[i] / acc[i] } }
            }
        }
        let outStorage = out.storage
        return Tensor.result(shape: shape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            let gp = g.storage.pointer, yp = outStorage.pointer, d = back.storage.pointer
            var dot = [Float](repeating: 0, count: plane)
            for b in 0..<n {
                let base = b * c * plane
                for i in 0..<plane { dot[i] = 0 }
                for ch in 0..<c { for i in 0..<plane { dot[i] += gp[base + ch * plane + i] * yp[base + ch * plane + i] } }
                for ch in 0..<c {
                    for i in 0..<plane {
                        let norm = norms[b * plane + i]
                        let k = base + ch * plane + i
                        // Where the norm was clamped to ε the map is x/ε: gradient g/ε.
                        d[k] = norm > epsilon ? (gp[k] - yp[k] * dot[i]) / norm : gp[k] / epsilon
                    }
                }
            }
            self.accumulateGradient(back)
        }
    }
}
