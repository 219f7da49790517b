import Foundation

/// The AUC difference between two table rows on one dataset, `better − worse` (fractions, not %), with a t interval
/// from the variance components of the paired seed × video design (see `PairedDifferenceInterval` for the
/// definition).
public struct AUCDifference: Sendable, Equatable, Codable {
    /// Where the interval lies relative to zero.
    public enum Direction: String, Sendable, Codable {
        /// The whole interval is above 0: `better` beats `worse` beyond noise.
        case better
        /// The whole interval is below 0: `worse` beats `better` beyond noise.
        case worse
        /// The interval contains 0.
        case unclear
    }

    /// The row claimed (or tested) to be better.
    public let better: String
    /// The row it is compared with.
    public let worse: String
    /// Mean over the paired seeds of `AUC(better, s) − AUC(worse, s)` on all test videos.
    public let estimate: Double
    /// Lower end of the interval at `level`.
    public let lower: Double
    /// Upper end of the interval at `level`.
    public let upper: Double
    /// Two-sided coverage of the interval, e.g. 0.95.
    public let level: Double
    /// The seeds both rows finished (paired), ascending.
    public let seeds: [Int]
    /// Test videos.
    public let videoCount: Int
    /// Variance components of the per-(seed, video) contributions to the difference, with the standard error of the
    /// estimate and its degrees of freedom (the Student t matched to the generalized pivot).
    public let components: CrossedVarianceComponents
    /// Minimum detectable difference: the true difference this design finds beyond noise (interval at `level`
    /// excluding 0) with 80% probability, `(t_{1−α/2, ν} + t_{0.8, ν}) · SE`.
    public let minimumDetectable: Double

    /// Creates a difference from its estimate and variance components; the interval is
    /// `estimate ± t_{1−α/2, ν} · SE` with α = 1 − level.
    public init(better: String, worse: String, estimate: Double, level: Double, seeds: [Int], videoCount: Int,
                components: CrossedVarianceComponents) {
        self.better = better
        self.worse = worse
        self.estimate = estimate
        self.level = level
        self.seeds = seeds
        self.videoCount = videoCount
        self.components = components
        let half = Self.criticalValue(level: level, degreesOfFreedom: components.degreesOfFreedom) * components.standardError
        lower = estimate - half
        upper = estimate + half
        minimumDetectable = Self.minimumDetectable(standardError: components.standardError,
                                                   degreesOfFreedom: components.degreesOfFreedom, level: level)
    }

    /// Standard error of the estimate.
    public var standardError: Double { components.standardError }

    /// Degrees of freedom of the Student t matched to the generalized pivot (`CrossedVarianceComponents`).
    public var degreesOfFreedom: Double { components.degreesOfFreedom }

    /// The interval at another two-sided `level` (same estimate, standard error and degrees of freedom).
    public func interval(level: Double) -> (lower: Double, upper: Double) {
        let half = Self.criticalValue(level: level, degreesOfFreedom: degreesOfFreedom) * standardError
        return (estimate - half, estimate + half)
    }

    /// Where the interval at `level` lies relative to 0.
    public func direction(level: Double) -> Direction {
        let bounds = interval(level: level)
        if bounds.lower > 0 { return .better }
        if bounds.upper < 0 { return .worse }
        return .unclear
    }

    /// `better` when `lower > 0`, `worse` when `upper < 0`, else `unclear`.
    public var direction: Direction {
        if lower > 0 { return .better }
        if upper < 0 { return .worse }
        return .unclear
    }

    /// `t_{1 − (1 − level)/2, ν}` (the normal quantile when ν is infinite or above 10⁶).
    public static func criticalValue(level: Double, degreesOfFreedom nu: Double) -> Double {
        StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: min(nu, 1e6))
    }

    /// `(t_{1−α/2, ν} + t_{power, ν}) · SE`: the smallest true difference a two-sided test at `level` detects with
    /// probability `power` (the usual approximation that ignores the far tail).
    public static func minimumDetectable(standardError: Double, degreesOfFreedom nu: Double, level: Double,
                                         power: Double = 0.8) -> Double {
        (criticalValue(level: level, degreesOfFreedom: nu) + StudentT.quantile(power, degreesOfFreedom: min(nu, 1e6)))
            * standardError
    }

    /// "+6.7 [3.1, 9.8]" in AUC points (%), one decimal.
    public var text: String {
        func points(_ value: Double) -> String { String(format: "%+.1f", value * 100) }
        return "\(points(estimate)) [\(points(lower)), \(points(upper))]"
    }

    /// "±1.2": the minimum detectable difference in AUC points, one decimal.
    public var minimumDetectableText: String { String(format: "±%.1f", minimumDetectable * 100) }
}
