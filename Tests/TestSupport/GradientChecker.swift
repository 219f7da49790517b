import Foundation
import TensorCore

/// Finite-difference gradient checks: compares the autodiff gradient of `L = Σ f(inputs) · r` (r a fixed random
/// tensor) with central differences `(L(x + h) − L(x − h)) / 2h` computed in `Double` accumulation.
public enum GradientChecker {
    /// The outcome of a check.
    public struct Result: CustomStringConvertible {
        /// The largest `|analytic − numeric| / (absoluteTolerance + relativeTolerance · |numeric|)`; ≤ 1 passes.
        public var worstRatio: Double
        /// Where the worst ratio occurred.
        public var worst: String
        /// Number of elements compared.
        public var checked: Int
        /// Whether every element passed.
        public var passed: Bool { worstRatio <= 1 }
        /// A readable summary.
        public var description: String { "worst ratio \(worstRatio) at \(worst) over \(checked) elements" }
    }

    /// `Σ out · r` accumulated in Double.
    static func weightedSum(_ out: Tensor, _ r: Tensor) -> Double {
        out.withUnsafeBufferPointer { o in r.withUnsafeBufferPointer { w in
            var s: Double = 0
            for i in 0..<o.count { s += Double(o[i]) * Double(w[i]) }
            return s
        } }
    }

    /// Checks the gradients of `function` with respect to every element of every input (inputs are set to
    /// `requiresGrad`). `step` is h; tolerances are per element.
    public static func check(_ inputs: [Tensor], step: Float = 1e-2, absoluteTolerance: Double = 2e-3,
                             relativeTolerance: Double = 2e-2, seed: UInt64 = 12345,
                             _ function: ([Tensor]) -> Tensor) -> Result {
        for x in inputs { x.requiresGrad = true; x.grad = nil }
        let out = function(inputs)
        var generator = RandomGenerator(seed: seed)
        let r = Tensor.randomNormal(out.shape, generator: &generator)
        out.backward(gradient: r)
        let analytic = inputs.map { $0.grad?.scalars ?? [Float](repeating: 0, count: $0.count) }
        var result = Result(worstRatio: 0, worst: "-", checked: 0)
        for (k, x) in inputs.enumerated() {
            for i in 0..<x.count {
                let original = x.withUnsafeBufferPointer { $0[i] }
                func evaluate(_ value: Float) -> Double {
                    x.withUnsafeMutableBufferPointer { $0[i] = value }
                    return Tensor.withoutGrad { weightedSum(function(inputs), r) }
                }
                let plus = evaluate(original + step), minus = evaluate(original - step)
                x.withUnsafeMutableBufferPointer { $0[i] = original }
                let numeric = (plus - minus) / (2 * Double(step))
                let a = Double(analytic[k][i])
                let ratio = Swift.abs(a - numeric) / (absoluteTolerance + relativeTolerance * Swift.abs(numeric))
                result.checked += 1
                if ratio > result.worstRatio {
                    result.worstRatio = ratio
                    result.worst = "input \(k) element \(i): analytic \(a), numeric \(numeric)"
                }
            }
        }
        return result
    }
}
