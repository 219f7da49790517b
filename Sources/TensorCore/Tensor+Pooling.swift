/// Max pooling and global average pooling on NCHW tensors.
extension Tensor {
    /// 2×2 max pooling with stride 2 (`F.max_pool2d(x, 2)`): `[N, C, H, W] → [N, C, H/2, W/2]` (floor; a last odd
    /// row or column is dropped). The gradient goes to the first maximal element of each window.
    public func maxPool2d() -> Tensor {
        let (n, c, h, w) = nchw
        let oh = h / 2, ow = w / 2
        precondition(oh > 0 && ow > 0, "maxPool2d: input \(shape) is smaller than 2×2")
        let outShape = [n, c, oh, ow]
        let out = Tensor(uninitializedShape: outShape)
        let planes = n * c
        let recording = Tensor.needsGraph(self)
        var argmax = recording ? [Int32](repeating: 0, count: planes * oh * ow) : []
        let x = storage.pointer, y = out.storage.pointer
        argmax.withUnsafeMutableBufferPointer { am in
            Parallel.forEachChunk(planes) { range in
                for pl in range {
                    let src = x + pl * h * w, dst = y + pl * oh * ow
                    for i in 0..<oh {
                        let r0 = src + 2 * i * w, r1 = r0 + w, top = 2 * i * w
                        // Selects instead of branches (the winner is data-dependent and mispredicted half the
                        // time); same comparisons in the same order, so the same (first) maximum wins.
                        for j in 0..<ow {
                            let a = r0[2 * j], b = r0[2 * j + 1], c = r1[2 * j], d = r1[2 * j + 1]
                            var best = a, offset: Int32 = 0
                            let pickB = b > best
                            best = pickB ? b : best; offset = pickB ? 1 : offset
                            let pickC = c > best
                            best = pickC ? c : best; offset = pickC ? Int32(w) : offset
                            let pickD = d > best
                            best = pickD ? d : best; offset = pickD ? Int32(w + 1) : offset
                            dst[i * ow + j] = best
                            if recording { am[pl * oh * ow + i * ow + j] = Int32(top + 2 * j) + offset }
                        }
                    }
                }
            }
        }
        return Tensor.result(shape: outShape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor.zeros(self.shape)
            let b = back.storage.pointer, gp = g.storage.pointer
            for pl in 0..<planes {
                for k in 0..<(oh * ow) { b[pl * h * w + Int(argmax[pl * oh * ow + k])] += gp[pl * oh * ow + k] }
            }
            self.accumulateGradient(back)
        }
    }

    /// Global average pooling: the mean of each channel plane, `[N, C, H, W] → [N, C, 1, 1]`.
    public func globalAveragePool() -> Tensor {
        let (n, c, h, w) = nchw
        let plane = h * w
        let out = Tensor(uninitializedShape: [n, c, 1, 1])
        let x = storage.pointer
        for pl in 0..<(n * c) {
            var s: Float = 0
            for i in 0..<plane { s += x[pl * plane + i] }
            out.storage.pointer[pl] = s / Float(plane)
        }
        return Tensor.result(shape: [n, c, 1, 1], storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            for pl in 0..<(n * c) {
                (back.storage.pointer + pl * plane).initialize(repeating: g.storage.pointer[pl] / Float(plane), count: plane)
            }
            self.accumulateGradient(back)
        }
    }
}
