/// Broadcasting of elementwise binary ops (NumPy rules: shapes aligned at the trailing dimension, extent 1
/// stretches), and the one central place where broadcast gradients are summed back to an input's shape.
enum Broadcasting {
    /// The broadcast shape of `a` and `b`. Precondition: compatible extents.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        return (0..<rank).map { i in
            precondition(pa[i] == pb[i] || pa[i] == 1 || pb[i] == 1,
                         "broadcast: shapes \(a) and \(b) are incompatible at dimension \(i)")
            return max(pa[i], pb[i])
        }
    }

    /// Dimensions of a broadcast iteration after dropping extent-1 dimensions and merging contiguous ones:
    /// `(extent, strideA, strideB)` outermost first, strides in elements (0 = broadcast).
    static func plan(output: [Int], a: [Int], b: [Int]) -> [(extent: Int, a: Int, b: Int)] {
        func strides(_ s: [Int]) -> [Int] {
            let padded = [Int](repeating: 1, count: output.count - s.count) + s
            var st = [Int](repeating: 0, count: output.count)
            var running = 1
            for i in stride(from: output.count - 1, through: 0, by: -1) {
                st[i] = padded[i] == 1 ? 0 : running
                running *= padded[i]
            }
            return st
        }
        let sa = strides(a), sb = strides(b)
        var dims: [(extent: Int, a: Int, b: Int)] = []
        for i in 0..<output.count where output[i] != 1 {
            if let last = dims.last, last.a == sa[i] * output[i], last.b == sb[i] * output[i] {
                dims[dims.count - 1] = (last.extent * output[i], sa[i], sb[i])
            } else {
                dims.append((output[i], sa[i], sb[i]))
            }
        }
        if dims.isEmpty { dims = [(1, 0, 0)] }
        return dims
    }

    /// Calls `body(offsetA, offsetB, offsetOut, innerExtent, innerStrideA, innerStrideB)` for every run of the
    /// innermost merged dimension of the broadcast of `a` and `b` to `output`.
    @inline(__always)
    static func forEachRun(output: [Int], a: [Int], b: [Int],
                           _ body: (_ oa: Int, _ ob: Int, _ oo: Int, _ n: Int, _ sa: Int, _ sb: Int) -> Void) {
        let dims = plan(output: output, a: a, b: b)
        let inner = dims[dims.count - 1]
        let outer = dims.dropLast()
        let outerCount = outer.reduce(1) { $0 * $1.extent }
        if outerCount == 0 || inner.extent == 0 { return }
        var index = [Int](repeating: 0, count: outer.count)
        for run in 0..<outerCount {
            var oa = 0, ob = 0
            for (d, dim) in outer.enumerated() { oa += index[d] * dim.a; ob += index[d] * dim.b }
            body(oa, ob, run * inner.extent, inner.extent, inner.a, inner.b)
            var d = outer.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < outer[outer.startIndex + d].extent { break }
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Sums `gradient` (of the broadcast shape) over the broadcast dimensions so that it has `shape`:
    /// the gradient of an input that was stretched by broadcasting.
    static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        if shape.reduce(1, *) == gradient.count { return Tensor(shape: shape, storage: gradient.storage) }
        let out = Tensor.zeros(shape)
        let g = gradient.storage.pointer, o = out.storage.pointer
        forEachRun(output: gradient.shape, a: gradient.shape, b: shape) { oa, ob, _, n, sa, sb in
            if sb == 0 {
                var s: Float = 0
                for i in 0..<n { s += g[oa + i * sa] }
                o[ob] += s
            } else {
                for i in 0..<n { o[ob + i * sb] += g[oa + i * sa] }
            }
        }
        return out
    }
}
