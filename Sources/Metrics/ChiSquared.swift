import Foundation

/// The χ² distribution with real degrees of freedom `d > 0`.
///
/// CDF: `F(x) = P(d/2, x/2)`, the regularized lower incomplete gamma function `P(a, x) = γ(a, x) / Γ(a)`, evaluated
/// by its series `P(a, x) = e^{−x} x^a / Γ(a + 1) · Σ_k x^k / ((a + 1)…(a + k))` for `x < a + 1` and by the
/// continued fraction of `Q(a, x) = 1 − P(a, x)` (modified Lentz method) otherwise. The quantile inverts the CDF by
/// bisection on log x to 1e-12 relative precision.
public enum ChiSquared {
    /// `P(X ≤ x)` for `d` degrees of freedom.
    public static func cdf(_ x: Double, degreesOfFreedom d: Double) -> Double {
        precondition(d > 0, "degrees of freedom must be positive")
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        return regularizedLowerGamma(d / 2, x / 2)
    }

    /// The `p` quantile (0 < p < 1) for `d` degrees of freedom.
    public static func quantile(_ p: Double, degreesOfFreedom d: Double) -> Double {
        precondition(p > 0 && p < 1, "probability in (0, 1)")
        var low = d
        var high = d
        while cdf(low, degreesOfFreedom: d) > p { low /= 2 }
        while cdf(high, degreesOfFreedom: d) < p { high *= 2 }
        for _ in 0..<400 {
            let middle = (low * high).squareRoot()
            if cdf(middle, degreesOfFreedom: d) < p { low = middle } else { high = middle }
            if high - low <= 1e-12 * high { break }
        }
        return (low * high).squareRoot()
    }

    /// `P(a, x)` for a > 0, x ≥ 0.
    static func regularizedLowerGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let logFront = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var k = 1.0
            while k < 100_000 {
                term *= x / (a + k)
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
                k += 1
            }
            return min(1, exp(logFront) * sum)
        }
        // Q(a, x) = e^{−x} x^a / Γ(a) · 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − 2·(2 − a) / (x + 5 − a − …))).
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var result = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-16 { break }
            i += 1
        }
        return max(0, 1 - exp(logFront) * result)
    }
}
