/// The paired t interval of a mean difference, used when only one AUC per run is known (no per-video data):
/// `d_s = B_s − A_s` over n paired seeds, `mean ± t_{0.975, n−1} · sd / √n` with the sample standard deviation
/// `sd = √(Σ (d_s − mean)² / (n − 1))`. Needs n ≥ 2. It treats seeds as the only noise (test videos are fixed), so
/// it is weaker evidence than `PairedBootstrap`.
public struct PairedTTest: Sendable, Equatable {
    /// Mean difference.
    public let mean: Double
    /// Lower end of the 95% interval.
    public let lower: Double
    /// Upper end of the 95% interval.
    public let upper: Double
    /// Number of pairs.
    public let count: Int

    /// The 95% interval of the mean of `differences`; nil for fewer than two.
    public init?(differences: [Double]) {
        guard differences.count >= 2 else { return nil }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        let half = Self.studentQuantile975(degreesOfFreedom: differences.count - 1) * (variance / n).squareRoot()
        self.mean = mean
        self.lower = mean - half
        self.upper = mean + half
        self.count = differences.count
    }

    /// Whether the interval excludes 0.
    public var isBeyondNoise: Bool { lower > 0 || upper < 0 }

    /// The 0.975 quantile of Student's t with `df` degrees of freedom (scipy.stats.t.ppf(0.975, df) to 3 decimals
    /// for df ≤ 30, the normal 1.960 beyond).
    static func studentQuantile975(degreesOfFreedom df: Int) -> Double {
        let table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
                     2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
                     2.045, 2.042]
        precondition(df >= 1, "at least one degree of freedom")
        return df <= table.count ? table[df - 1] : 1.960
    }
}
