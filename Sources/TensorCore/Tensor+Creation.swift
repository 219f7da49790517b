/// Creation of tensors: constants and seeded random values.
extension Tensor {
    /// A tensor of the given shape filled with `value`.
    public static func full(_ shape: [Int], value: Float, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        t.storage.pointer.initialize(repeating: value, count: t.count)
        t.requiresGrad = requiresGrad
        return t
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, value: 0, requiresGrad: requiresGrad)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, value: 1, requiresGrad: requiresGrad)
    }

    /// Independent normal values `mean + std · N(0, 1)` drawn from `generator` in row-major order.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    generator: inout RandomGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let p = t.storage.pointer
        for i in 0..<t.count { p[i] = mean + standardDeviation * generator.nextNormal() }
        t.requiresGrad = requiresGrad
        return t
    }

    /// Independent uniform values in [`lowerBound`, `upperBound`) drawn from `generator` in row-major order.
    public static func randomUniform(_ shape: [Int], lowerBound: Float = 0, upperBound: Float = 1,
                                     generator: inout RandomGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let p = t.storage.pointer
        let width = upperBound - lowerBound
        for i in 0..<t.count { p[i] = lowerBound + width * generator.nextUniform() }
        t.requiresGrad = requiresGrad
        return t
    }

    /// Normal values `mean + std · z` with `z` redrawn until |z| ≤ `truncation` (default 2: values stay within
    /// two standard deviations, as TensorFlow's truncated normal and timm's `trunc_normal_(std=…, a=-2σ, b=2σ)`).
    public static func randomTruncatedNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                             truncation: Float = 2, generator: inout RandomGenerator,
                                             requiresGrad: Bool = false) -> Tensor {
        precondition(truncation > 0, "randomTruncatedNormal: truncation must be positive")
        let t = Tensor(uninitializedShape: shape)
        let p = t.storage.pointer
        for i in 0..<t.count {
            var z = generator.nextNormal()
            while Swift.abs(z) > truncation { z = generator.nextNormal() }
            p[i] = mean + standardDeviation * z
        }
        t.requiresGrad = requiresGrad
        return t
    }
}
