import Foundation

/// The generalized pivotal quantity (Weerahandi; Hannig's fiducial argument) of a mean whose variance is a linear
/// combination of expected mean squares, `Var(ȳ) = Σ_i c_i E[MS_i] / D`, with independent `SS_i ~ E[MS_i] χ²_{ν_i}`.
///
/// Given the observed sums of squares `ss_i`, each `E[MS_i]` is represented by `ss_i / U_i` with independent
/// `U_i ~ χ²_{ν_i}`, and the pivot of the mean is `T = Z √W`, `W = max(0, Σ_i c_i ss_i / U_i) / D`, `Z ~ N(0, 1)`
/// independent of the U's. The `level` interval of the mean is `ȳ ± q` with `P(|T| ≤ q) = level`. Unlike a pooled
/// or truncated plug-in estimate, W is built from every mean square as observed, with no preliminary test (a test
/// that drops a factor only when its mean square is small keeps it only when it is large: an upward bias when the
/// factor is absent).
///
/// Computed without random draws: `P(|T| ≤ q) = E_U[2Φ(q / √W) − 1]` by a product trapezoid rule over
/// `U_i = χ²_{ν_i}` quantiles at `Φ(z)`, z on an even grid over [−6.5, 6.5] (weights ∝ φ(z)); q by Newton's method
/// (the function is increasing and concave in q, so Newton from q = 0 rises to the root without overshooting).
public struct MeanSquarePivot: Sendable {
    /// One mean square of the combination: its sum of squares, degrees of freedom and coefficient.
    public struct Term: Sendable, Equatable {
        /// Observed sum of squares (≥ 0).
        public var sumOfSquares: Double
        /// Degrees of freedom (> 0).
        public var degreesOfFreedom: Double
        /// Coefficient c_i of `E[MS_i]` in `D · Var(ȳ)`.
        public var coefficient: Double

        /// A term.
        public init(sumOfSquares: Double, degreesOfFreedom: Double, coefficient: Double) {
            self.sumOfSquares = sumOfSquares
            self.degreesOfFreedom = degreesOfFreedom
            self.coefficient = coefficient
        }
    }

    /// The grid's values of W (variance of the mean) and their probabilities (summing to 1); W ≤ 0 left out (its
    /// probability is `zeroMass`: there |T| = 0).
    private let variances: [Double]
    private let weights: [Double]
    private let zeroMass: Double

    /// The pivot of a mean with `D · Var(ȳ) = Σ c_i E[MS_i]` (`divisor` D > 0).
    public init(terms: [Term], divisor: Double) {
        precondition(divisor > 0 && terms.allSatisfy { $0.degreesOfFreedom > 0 && $0.sumOfSquares >= 0 },
                     "positive divisor and degrees of freedom, non-negative sums of squares")
        var values: [Double] = [0]
        var probabilities: [Double] = [1]
        for term in terms {
            let nodes = Self.nodes(degreesOfFreedom: term.degreesOfFreedom)
            var nextValues: [Double] = []
            var nextProbabilities: [Double] = []
            nextValues.reserveCapacity(values.count * nodes.count)
            nextProbabilities.reserveCapacity(values.count * nodes.count)
            for (value, probability) in zip(values, probabilities) {
                for node in nodes {
                    nextValues.append(value + term.coefficient * term.sumOfSquares / node.chiSquared)
                    nextProbabilities.append(probability * node.weight)
                }
            }
            values = nextValues
            probabilities = nextProbabilities
        }
        var kept: [Double] = []
        var keptWeights: [Double] = []
        var zero = 0.0
        for (value, probability) in zip(values, probabilities) {
            if value > 0 {
                kept.append(value / divisor)
                keptWeights.append(probability)
            } else {
                zero += probability
            }
        }
        variances = kept
        weights = keptWeights
        zeroMass = zero
    }

    /// `P(|T| ≤ q)`.
    public func coverage(_ q: Double) -> Double {
        var total = zeroMass
        for (w, p) in zip(variances, weights) { total += p * erf(q / (2 * w).squareRoot()) }
        return total
    }

    /// The half-width q of the `level` interval: `P(|T| ≤ q) = level` (0 when the pivot is 0 with that probability).
    public func halfWidth(level: Double) -> Double {
        precondition(level > 0 && level < 1, "level in (0, 1)")
        if zeroMass >= level || variances.isEmpty { return 0 }
        var q = 0.0
        for _ in 0..<200 {
            var value = zeroMass
            var slope = 0.0
            for (w, p) in zip(variances, weights) {
                let s = w.squareRoot()
                value += p * erf(q / (2 * w).squareRoot())
                slope += p * 2 * exp(-q * q / (2 * w)) / ((2 * Double.pi).squareRoot() * s)
            }
            if value >= level || slope <= 0 { break }
            let step = (level - value) / slope
            q += step
            if step <= 1e-12 * q { break }
        }
        return q
    }

    /// The scaled Student t that matches the pivot's 95% and 99% two-sided quantiles: `ν` solves
    /// `t_{0.995, ν} / t_{0.975, ν} = q_{0.99} / q_{0.95}` (ν in [1, 10⁶]; a scale mixture of normals has tails at
    /// least as heavy as the normal's) and `SE = q_{0.95} / t_{0.975, ν}`. Every interval, minimum detectable
    /// difference and verdict then uses `t_ν · SE`; at 95% it is the pivot's interval exactly.
    public func equivalentT() -> (standardError: Double, degreesOfFreedom: Double) {
        let q95 = halfWidth(level: 0.95)
        guard q95 > 0 else { return (0, CrossedVarianceComponents.unboundedDegreesOfFreedom) }
        let ratio = halfWidth(level: 0.99) / q95
        func tRatio(_ nu: Double) -> Double {
            StudentT.quantile(0.995, degreesOfFreedom: nu) / StudentT.quantile(0.975, degreesOfFreedom: nu)
        }
        let maximum = CrossedVarianceComponents.unboundedDegreesOfFreedom
        var nu: Double
        if ratio >= tRatio(1) {
            nu = 1
        } else if ratio <= tRatio(maximum) {
            nu = maximum
        } else {
            var low = 0.0
            var high = log(maximum)
            for _ in 0..<60 {
                let middle = (low + high) / 2
                if tRatio(exp(middle)) > ratio { low = middle } else { high = middle }
            }
            nu = exp((low + high) / 2)
        }
        return (q95 / StudentT.quantile(0.975, degreesOfFreedom: nu), nu)
    }

    /// Quadrature nodes for `U ~ χ²_d`: χ² quantiles at Φ(z) with trapezoid weights ∝ φ(z) (more nodes for few
    /// degrees of freedom, where 1/U has the heaviest tail).
    private static func nodes(degreesOfFreedom d: Double) -> [(chiSquared: Double, weight: Double)] {
        let count = d <= 4 ? 41 : (d <= 12 ? 21 : 11)
        let span = 6.5
        let zs = (0..<count).map { -span + 2 * span * Double($0) / Double(count - 1) }
        let densities = zs.map { exp(-$0 * $0 / 2) }
        let total = densities.reduce(0, +)
        return zip(zs, densities).map { z, density in
            (ChiSquared.quantile(0.5 * erfc(-z / 2.0.squareRoot()), degreesOfFreedom: d), density / total)
        }
    }
}
