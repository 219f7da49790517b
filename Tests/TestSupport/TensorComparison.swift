import TensorCore

/// How far one tensor is from a reference tensor, for float32 tolerances stated relative to the reference's scale.
public struct TensorComparison: CustomStringConvertible {
    /// max |ours − reference|.
    public var maxAbsoluteError: Double
    /// max |reference|.
    public var referenceScale: Double
    /// The flat index of the largest error.
    public var worstIndex: Int
    /// Our value and the reference's at `worstIndex`.
    public var worstPair: (ours: Float, reference: Float)

    /// `maxAbsoluteError / referenceScale`: the error relative to the tensor's largest magnitude.
    public var scaledError: Double { referenceScale > 0 ? maxAbsoluteError / referenceScale : maxAbsoluteError }

    /// Compares `ours` with `reference` element by element (shapes must hold the same count).
    public init(_ ours: Tensor, _ reference: Tensor) {
        precondition(ours.count == reference.count, "TensorComparison: \(ours.shape) vs \(reference.shape)")
        let a = ours.scalars, b = reference.scalars
        var worst = 0.0, index = 0, scale = 0.0
        for i in a.indices {
            let error = Double(Swift.abs(a[i] - b[i]))
            if error > worst || error.isNaN { worst = error; index = i }
            scale = Swift.max(scale, Double(Swift.abs(b[i])))
        }
        maxAbsoluteError = worst
        referenceScale = scale
        worstIndex = index
        worstPair = (a.isEmpty ? 0 : a[index], b.isEmpty ? 0 : b[index])
    }

    /// A readable summary.
    public var description: String {
        "max |Δ| \(maxAbsoluteError) (scaled \(scaledError)) at \(worstIndex): ours \(worstPair.ours), reference \(worstPair.reference), scale \(referenceScale)"
    }
}
