import Foundation

/// Student's t distribution with real (not only integer) degrees of freedom `ν > 0`, as Satterthwaite's
/// approximation needs.
///
/// CDF: for t ≥ 0, `F(t) = 1 − ½ I_x(ν/2, ½)` with `x = ν / (ν + t²)` and `I` the regularized incomplete beta
/// function (evaluated by its continued fraction, modified Lentz method); `F(−t) = 1 − F(t)`. The quantile inverts
/// the CDF by bisection to 1e-12 relative precision.
public enum StudentT {
    /// `P(T ≤ t)` for `ν` degrees of freedom.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "degrees of freedom must be positive")
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The `p` quantile (0 < p < 1) for `ν` degrees of freedom.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "probability in (0, 1)")
        precondition(nu > 0, "degrees of freedom must be positive")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        var low = 0.0
        var high = 1.0
        while cdf(high, degreesOfFreedom: nu) < p { low = high; high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cdf(middle, degreesOfFreedom: nu) < p { low = middle } else { high = middle }
            if high - low <= 1e-12 * high { break }
        }
        return (low + high) / 2
    }

    /// `I_x(a, b)`, the regularized incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1 - x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of the incomplete beta function: `1 / (1 + d₁ / (1 + d₂ / (1 + …)))` with
    /// `d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))` and `d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m))`.
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
