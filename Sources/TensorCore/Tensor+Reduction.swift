/// Reductions: total sum and mean, per-sample mean, sum over channels. Sums accumulate in `Double`.
extension Tensor {
    /// The sum of all elements, shape `[1]`.
    public func sum() -> Tensor {
        let x = storage.pointer
        var s: Double = 0
        for i in 0..<count { s += Double(x[i]) }
        return Tensor.result(shape: [1], storage: Tensor(Float(s)).storage, parents: [self]) { [unowned self] g in
            self.accumulateGradient(Tensor.full(self.shape, value: g.item))
        }
    }

    /// The mean of all elements, shape `[1]`.
    public func mean() -> Tensor {
        precondition(count > 0, "mean: empty tensor")
        return sum() * (1 / Float(count))
    }

    /// The sum over the batch-item slice of each item: `[N, …] → [N]`.
    public func sumPerSample() -> Tensor {
        let n = shape[0], inner = count / max(n, 1)
        let out = Tensor(uninitializedShape: [n])
        let x = storage.pointer
        for b in 0..<n {
            var s: Double = 0
            for i in 0..<inner { s += Double(x[b * inner + i]) }
            out.storage.pointer[b] = Float(s)
        }
        return Tensor.result(shape: [n], storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            for b in 0..<n { (back.storage.pointer + b * inner).initialize(repeating: g.storage.pointer[b], count: inner) }
            self.accumulateGradient(back)
        }
    }

    /// The mean over each batch item: `[N, …] → [N]` (one value per item, e.g. per-frame scores).
    public func meanPerSample() -> Tensor {
        let inner = count / max(shape[0], 1)
        return sumPerSample() * (1 / Float(inner))
    }

    /// The sum over the channel axis of an NCHW tensor: `[N, C, H, W] → [N, 1, H, W]`.
    public func sumOverChannels() -> Tensor {
        let (n, c, h, w) = nchw
        let plane = h * w
        let out = Tensor.zeros([n, 1, h, w])
        let x = storage.pointer, y = out.storage.pointer
        for b in 0..<n {
            for ch in 0..<c {
                let src = x + (b * c + ch) * plane, dst = y + b * plane
                for i in 0..<plane { dst[i] += src[i] }
            }
        }
        return Tensor.result(shape: out.shape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            for b in 0..<n {
                for ch in 0..<c {
                    (back.storage.pointer + (b * c + ch) * plane).update(from: g.storage.pointer + b * plane, count: plane)
                }
            }
            self.accumulateGradient(back)
        }
    }
}
