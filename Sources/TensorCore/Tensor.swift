/// An N-dimensional array of `Float` values in row-major (C) order, images in NCHW layout
/// (batch, channels, height, width), with a node for reverse-mode automatic differentiation.
///
/// A tensor is immutable from the outside except through `withUnsafeMutableBufferPointer` (used by
/// optimisers on parameters). Ops record, on their output, a closure that adds the output's gradient into
/// their inputs' gradients; `backward()` runs those closures in reverse topological order.
/// A tensor is used by one thread at a time: models are not shared between threads.
public final class Tensor {
    /// The extents of each dimension, outermost first (`[N, C, H, W]` for images).
    public let shape: [Int]
    /// The element buffer (shared between a tensor and its reshaped views).
    public let storage: TensorStorage
    /// Whether gradients flow into this tensor. Set it on leaves (parameters); ops set it on their outputs.
    public var requiresGrad: Bool
    /// The accumulated gradient of the last `backward()` call(s), same shape as the tensor; `nil` before.
    /// Gradients are immutable values: accumulation allocates a new tensor, so sharing one is safe.
    public var grad: Tensor?
    /// The closure that propagates this tensor's gradient to its parents (nil for leaves and after backward).
    var backwardFunction: ((Tensor) -> Void)?
    /// The inputs of the op that produced this tensor (kept for the topological order).
    var parents: [Tensor] = []

    /// Number of elements (the product of `shape`).
    public var count: Int { storage.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Wraps an existing storage with a shape whose element count matches it.
    public init(shape: [Int], storage: TensorStorage, requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        precondition(shape.reduce(1, *) == storage.count,
                     "Tensor: shape \(shape) has \(shape.reduce(1, *)) elements but storage has \(storage.count)")
        self.shape = shape
        self.storage = storage
        self.requiresGrad = requiresGrad
    }

    /// A tensor holding a copy of `scalars` (row-major) with the given shape.
    public convenience init(shape: [Int], scalars: [Float], requiresGrad: Bool = false) {
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor(shape:scalars:): shape \(shape) needs \(shape.reduce(1, *)) values, got \(scalars.count)")
        let storage = TensorStorage(count: scalars.count)
        scalars.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: scalars.count) }
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad)
    }

    /// A one-element tensor of shape `[1]`.
    public convenience init(_ value: Float) {
        self.init(shape: [1], scalars: [value])
    }

    /// Uninitialised storage of the given shape (internal: kernels fill every element).
    convenience init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(count: shape.reduce(1, *)))
    }

    /// A copy of all elements in row-major order.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// The value of a one-element tensor. Precondition: `count == 1`.
    public var item: Float {
        precondition(count == 1, "Tensor.item: tensor of shape \(shape) has \(count) elements, not 1")
        return storage.pointer[0]
    }

    /// The element at a full multi-index (slow; for tests and small lookups).
    public subscript(_ indices: Int...) -> Float {
        precondition(indices.count == rank, "Tensor subscript: \(indices.count) indices for shape \(shape)")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "Tensor subscript: index \(index) out of range for axis \(axis) of \(shape)")
            offset = offset * shape[axis] + index
        }
        return storage.pointer[offset]
    }

    /// Calls `body` with a read-only view of the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Calls `body` with a mutable view of the elements, for in-place updates outside autodiff
    /// (optimiser steps, running statistics, loading checkpoints). Views created by `reshaped` see the change.
    public func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(storage.buffer)
    }

    /// Extents of an NCHW tensor. Precondition: rank 4.
    public var nchw: (n: Int, c: Int, h: Int, w: Int) {
        precondition(rank == 4, "expected an NCHW tensor (rank 4), got shape \(shape)")
        return (shape[0], shape[1], shape[2], shape[3])
    }

    /// A new tensor with the same shape and a copy of the values, detached from the graph.
    public func copy() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        out.storage.pointer.update(from: storage.pointer, count: count)
        return out
    }

    /// The same values and storage without autodiff history; gradients do not flow through it.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }
}

extension Tensor: CustomStringConvertible {
    /// Shape and the first few values.
    public var description: String {
        let shown = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), values: [\(shown)\(count > 8 ? ", …" : "")])"
    }
}
