import Foundation

/// Elementwise functions with their derivatives: activations, exp/log/sqrt, abs, square, clamping.
extension Tensor {
    /// Applies `forward` elementwise; the backward pass multiplies the incoming gradient by
    /// `derivative(x, y)` where `y = forward(x)`.
    @inline(__always)
    func unary(_ forward: (Float) -> Float, derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = storage.pointer, y = out.storage.pointer
        for i in 0..<count { y[i] = forward(x[i]) }
        let outStorage = out.storage
        return Tensor.result(shape: shape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            let gp = g.storage.pointer, b = back.storage.pointer, x = self.storage.pointer, y = outStorage.pointer
            for i in 0..<self.count { b[i] = gp[i] * derivative(x[i], y[i]) }
            self.accumulateGradient(back)
        }
    }

    @inline(never)
    static func reluKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        Parallel.forEachChunk(n, minimumChunk: 1 << 16) { r in
            SIMDKernels.relu(x, y, r)
        }
    }

    @inline(never)
    static func reluBackwardKernel(_ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        Parallel.forEachChunk(n, minimumChunk: 1 << 16) { r in
            SIMDKernels.reluMask(y, g, d, r)
        }
    }

    /// `max(x, 0)` elementwise; derivative 1 where x > 0, else 0.
    public func relu() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        Tensor.reluKernel(storage.pointer, out.storage.pointer, count)
        let outStorage = out.storage
        return Tensor.result(shape: shape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            Tensor.reluBackwardKernel(outStorage.pointer, g.storage.pointer, back.storage.pointer, self.count)
            self.accumulateGradient(back)
        }
    }

    /// Hinge `max(x, minimum)` elementwise (`clamp(min:)`); derivative 1 where x > minimum, else 0.
    public func clamped(min minimum: Float) -> Tensor {
        unary({ Swift.max($0, minimum) }, derivative: { x, _ in x > minimum ? 1 : 0 })
    }

    /// `x` for x > 0, `slope · x` otherwise; derivative 1 where x > 0, else `slope`. Its own loops rather than
    /// `unary`: the backward pass then multiplies without a closure call per element (same products, same bits).
    public func leakyRelu(negativeSlope: Float = 0.01) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = storage.pointer, y = out.storage.pointer
        for i in 0..<count { y[i] = x[i] > 0 ? x[i] : negativeSlope * x[i] }
        return Tensor.result(shape: shape, storage: out.storage, parents: [self]) { [unowned self] g in
            let back = Tensor(uninitializedShape: self.shape)
            let gp = g.storage.pointer, b = back.storage.pointer, x = self.storage.pointer
            for i in 0..<self.count { b[i] = gp[i] * (x[i] > 0 ? 1 : negativeSlope) }
            self.accumulateGradient(back)
        }
    }

    /// Hyperbolic tangent; derivative `1 - y²`.
    public func tanh() -> Tensor { unary({ Foundation.tanh($0) }, derivative: { _, y in 1 - y * y }) }

    /// Logistic sigmoid `1 / (1 + e^-x)`; derivative `y (1 - y)`.
    public func sigmoid() -> Tensor {
        unary({ $0 >= 0 ? 1 / (1 + Foundation.exp(-$0)) : Foundation.exp($0) / (1 + Foundation.exp($0)) },
              derivative: { _, y in y * (1 - y) })
    }

    /// `e^x` elementwise; derivative `y`.
    public func exp() -> Tensor { unary({ Foundation.exp($0) }, derivative: { _, y in y }) }

    /// Natural logarithm; derivative `1 / x`.
    public func log() -> Tensor { unary({ Foundation.log($0) }, derivative: { x, _ in 1 / x }) }

    /// Square root; derivative `1 / (2 y)`.
    public func sqrt() -> Tensor { unary({ $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }

    /// `|x|`; derivative `sign(x)` (0 at 0).
    public func abs() -> Tensor { unary({ Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }

    /// `x²`; derivative `2x`.
    public func square() -> Tensor { unary({ $0 * $0 }, derivative: { x, _ in 2 * x }) }
}
