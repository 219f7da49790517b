/// Elementwise add, subtract, multiply and divide with NumPy broadcasting (e.g. `[N, C, H, W]` with
/// `[1, C, 1, 1]` or `[N, C, 1, 1]`), and the same ops with a scalar. All differentiable.
enum BinaryOperation { case add, subtract, multiply, divide }

extension Tensor {
    /// Computes `a ∘ b` elementwise over the broadcast shape (no autodiff).
    static func binaryKernel(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        let outShape = Broadcasting.shape(a.shape, b.shape)
        let out = Tensor(uninitializedShape: outShape)
        let pa = a.storage.pointer, pb = b.storage.pointer, po = out.storage.pointer
        Broadcasting.forEachRun(output: outShape, a: a.shape, b: b.shape) { oa, ob, oo, n, sa, sb in
            let x = pa + oa, y = pb + ob, z = po + oo
            switch (op, sa, sb) {
            case (.add, 1, 1): for i in 0..<n { z[i] = x[i] + y[i] }
            case (.subtract, 1, 1): for i in 0..<n { z[i] = x[i] - y[i] }
            case (.multiply, 1, 1): for i in 0..<n { z[i] = x[i] * y[i] }
            case (.divide, 1, 1): for i in 0..<n { z[i] = x[i] / y[i] }
            case (.add, 1, 0): let s = y[0]; for i in 0..<n { z[i] = x[i] + s }
            case (.subtract, 1, 0): let s = y[0]; for i in 0..<n { z[i] = x[i] - s }
            case (.multiply, 1, 0): let s = y[0]; for i in 0..<n { z[i] = x[i] * s }
            case (.divide, 1, 0): let s = y[0]; for i in 0..<n { z[i] = x[i] / s }
            default:
                for i in 0..<n {
                    let u = x[i * sa], v = y[i * sb]
                    switch op {
                    case .add: z[i] = u + v
                    case .subtract: z[i] = u - v
                    case .multiply: z[i] = u * v
                    case .divide: z[i] = u / v
                    }
                }
            }
        }
        return out
    }

    static func binary(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        let out = binaryKernel(op, a, b)
        return result(shape: out.shape, storage: out.storage, parents: [a, b]) { g in
            switch op {
            case .add:
                a.accumulateGradient(Broadcasting.reduce(g, to: a.shape))
                b.accumulateGradient(Broadcasting.reduce(g, to: b.shape))
            case .subtract:
                a.accumulateGradient(Broadcasting.reduce(g, to: a.shape))
                if b.requiresGrad { b.accumulateGradient(Broadcasting.reduce(g, to: b.shape).scaledKernel(-1)) }
            case .multiply:
                if a.requiresGrad { a.accumulateGradient(Broadcasting.reduce(binaryKernel(.multiply, g, b), to: a.shape)) }
                if b.requiresGrad { b.accumulateGradient(Broadcasting.reduce(binaryKernel(.multiply, g, a), to: b.shape)) }
            case .divide:
                if a.requiresGrad { a.accumulateGradient(Broadcasting.reduce(binaryKernel(.divide, g, b), to: a.shape)) }
                if b.requiresGrad {
                    // ∂(a/b)/∂b = -a/b² = -(a/b)/b
                    let q = binaryKernel(.divide, binaryKernel(.multiply, g, a), binaryKernel(.multiply, b, b))
                    b.accumulateGradient(Broadcasting.reduce(q, to: b.shape).scaledKernel(-1))
                }
            }
        }
    }

    /// `self · s + t` elementwise (no autodiff).
    func scaledKernel(_ s: Float, plus t: Float = 0) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = storage.pointer, z = out.storage.pointer
        for i in 0..<count { z[i] = x[i] * s + t }
        return out
    }

    /// `self · scale + shift` elementwise, differentiable (the building block of the scalar operators).
    public func affine(scale: Float, shift: Float) -> Tensor {
        let out = scaledKernel(scale, plus: shift)
        return Tensor.result(shape: shape, storage: out.storage, parents: [self]) { [unowned self] g in
            self.accumulateGradient(scale == 1 ? g : g.scaledKernel(scale))
        }
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { binary(.add, a, b) }
    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { binary(.subtract, a, b) }
    /// Elementwise product with broadcasting (e.g. channel scaling by an `[N, C, 1, 1]` tensor).
    public static func * (a: Tensor, b: Tensor) -> Tensor { binary(.multiply, a, b) }
    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor { binary(.divide, a, b) }

    /// `a + s` elementwise.
    public static func + (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: s) }
    /// `s + a` elementwise.
    public static func + (s: Float, a: Tensor) -> Tensor { a.affine(scale: 1, shift: s) }
    /// `a - s` elementwise.
    public static func - (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: -s) }
    /// `s - a` elementwise.
    public static func - (s: Float, a: Tensor) -> Tensor { a.affine(scale: -1, shift: s) }
    /// `a · s` elementwise.
    public static func * (a: Tensor, s: Float) -> Tensor { a.affine(scale: s, shift: 0) }
    /// `s · a` elementwise.
    public static func * (s: Float, a: Tensor) -> Tensor { a.affine(scale: s, shift: 0) }
    /// `a / s` elementwise.
    public static func / (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1 / s, shift: 0) }
    /// `-a` elementwise.
    public static prefix func - (a: Tensor) -> Tensor { a.affine(scale: -1, shift: 0) }
}
