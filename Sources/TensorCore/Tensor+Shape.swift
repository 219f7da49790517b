/// Shape ops: reshape, permute, slicing and concatenation along an axis. All differentiable.
extension Tensor {
    /// The same elements viewed with a new shape of equal element count (one extent may be -1 = inferred).
    /// Shares storage (no copy); the gradient is reshaped back.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshaped: cannot infer -1 in \(newShape) for \(count) elements")
            target[inferred] = count / known
        }
        precondition(target.reduce(1, *) == count, "reshaped: shape \(shape) (\(count) elements) cannot become \(newShape)")
        let oldShape = shape
        return Tensor.result(shape: target, storage: storage, parents: [self]) { [unowned self] g in
            self.accumulateGradient(Tensor(shape: oldShape, storage: g.storage))
        }
    }

    /// Flattens every dimension after the first: `[N, …] → [N, rest]`.
    public func flattenedBatch() -> Tensor { reshaped([shape[0], -1]) }

    /// Reorders dimensions: output dimension `i` is input dimension `axes[i]` (a copy, like `permute().contiguous()`).
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permuted: \(axes) is not a permutation of 0..<\(rank)")
        let outShape = axes.map { shape[$0] }
        let out = Tensor(uninitializedShape: outShape)
        Tensor.permuteCopy(source: storage.pointer, shape: shape, axes: axes, destination: out.storage.pointer)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return Tensor.result(shape: outShape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            Tensor.permuteCopy(source: g.storage.pointer, shape: outShape, axes: inverse, destination: back.storage.pointer)
            self.accumulateGradient(back)
        }
    }

    /// Copies a row-major tensor of `shape` into `destination` with dimensions reordered by `axes`.
    static func permuteCopy(source: UnsafePointer<Float>, shape: [Int], axes: [Int], destination: UnsafeMutablePointer<Float>) {
        let rank = shape.count
        var strides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * shape[i + 1] }
        let outShape = axes.map { shape[$0] }
        let srcStrides = axes.map { strides[$0] }
        let total = shape.reduce(1, *)
        if total == 0 { return }
        let innerExtent = outShape[rank - 1], innerStride = srcStrides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var o = 0
        while o < total {
            var base = 0
            for d in 0..<(rank - 1) { base += index[d] * srcStrides[d] }
            for i in 0..<innerExtent { destination[o + i] = source[base + i * innerStride] }
            o += innerExtent
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                if index[d] < outShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }

    /// The elements with index in `range` along `axis` (a copy); the gradient is scattered back.
    public func sliced(axis: Int, range: Range<Int>) -> Tensor {
        precondition(axis >= 0 && axis < rank, "sliced: axis \(axis) out of range for shape \(shape)")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "sliced: range \(range) out of bounds for axis \(axis) of extent \(shape[axis])")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let full = shape[axis] * inner, part = range.count * inner, start = range.lowerBound * inner
        var outShape = shape
        outShape[axis] = range.count
        let out = Tensor(uninitializedShape: outShape)
        let src = storage.pointer, dst = out.storage.pointer
        for o in 0..<outer { (dst + o * part).update(from: src + o * full + start, count: part) }
        return Tensor.result(shape: outShape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor.zeros(self.shape)
            let gp = g.storage.pointer, bp = back.storage.pointer
            for o in 0..<outer { (bp + o * full + start).update(from: gp + o * part, count: part) }
            self.accumulateGradient(back)
        }
    }

    /// Batch items `range` of an `[N, …]` tensor.
    public func sliced(batch range: Range<Int>) -> Tensor { sliced(axis: 0, range: range) }

    /// Channels `range` of an `[N, C, …]` tensor.
    public func sliced(channels range: Range<Int>) -> Tensor { sliced(axis: 1, range: range) }

    /// Joins tensors along `axis`; all other extents must agree. The gradient is split back.
    public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate: no tensors")
        let first = tensors[0]
        precondition(axis >= 0 && axis < first.rank, "concatenate: axis \(axis) out of range for shape \(first.shape)")
        for t in tensors {
            precondition(t.rank == first.rank && (0..<t.rank).allSatisfy { $0 == axis || t.shape[$0] == first.shape[$0] },
                         "concatenate: shape \(t.shape) does not match \(first.shape) outside axis \(axis)")
        }
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        let parts = tensors.map { $0.shape[axis] * inner }
        let total = parts.reduce(0, +)
        var outShape = first.shape
        outShape[axis] = tensors.map { $0.shape[axis] }.reduce(0, +)
        let out = Tensor(uninitializedShape: outShape)
        let dst = out.storage.pointer
        for o in 0..<outer {
            var offset = o * total
            for (t, part) in zip(tensors, parts) {
                (dst + offset).update(from: t.storage.pointer + o * part, count: part)
                offset += part
            }
        }
        return Tensor.result(shape: outShape, storage: out.storage, parents: tensors) { g in
            let gp = g.storage.pointer
            var start = 0
            for (t, part) in zip(tensors, parts) {
                defer { start += part }
                guard t.requiresGrad else { continue }
                let back = Tensor(uninitializedShape: t.shape)
                for o in 0..<outer { (back.storage.pointer + o * part).update(from: gp + o * total + start, count: part) }
                t.accumulateGradient(back)
            }
        }
    }

    /// Joins NCHW tensors along the channel axis (`torch.cat(dim=1)`).
    public static func concatenate(channels tensors: [Tensor]) -> Tensor { concatenate(tensors, axis: 1) }
}
