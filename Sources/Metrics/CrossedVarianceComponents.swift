/// Variance components of a mean over a crossed seed × video design with one value per cell, `y[s][v]`
/// (n seeds, V videos): the model `y_sv = μ + a_s + b_v + e_sv` with independent seed effects (variance `σ²_seed`),
/// video effects (`σ²_video`) and a residual that holds the seed × video interaction and the frames' own noise
/// (`σ²_inter`).
///
/// From the two-way ANOVA without replication, mean squares `MS_S = V Σ_s (ȳ_s· − ȳ)² / (n − 1)`,
/// `MS_V = n Σ_v (ȳ_·v − ȳ)² / (V − 1)`, `MS_E = Σ_sv (y_sv − ȳ_s· − ȳ_·v + ȳ)² / ((n − 1)(V − 1))`, with
/// expectations `σ²_inter + V σ²_seed`, `σ²_inter + n σ²_seed`… precisely `E MS_S = σ²_inter + V σ²_seed`,
/// `E MS_V = σ²_inter + n σ²_video`, `E MS_E = σ²_inter`. The variance of the grand mean ȳ is
/// `σ²_seed / n + σ²_video / V + σ²_inter / (n V) = (E MS_S + E MS_V − E MS_E) / (n V)`.
///
/// Estimates: the components `max(MS_S − MS_E, 0)/V`, `max(MS_V − MS_E, 0)/n`, `MS_E` (shown, and projected to
/// other designs by `projected`). The standard error and degrees of freedom of ȳ come from the generalized pivot
/// of `MS_S + MS_V − MS_E` (`MeanSquarePivot`, every mean square as observed, no factor pooled): `SE` and `ν` of
/// the Student t matched to the pivot's 95% and 99% quantiles, so `ȳ ± t_{0.975, ν} SE` is the pivot's 95% interval.
/// (A preliminary test that pools a factor into the residual when its F is small keeps the factor only when its
/// mean square came out large: when the factor is absent that biases the variance upward, 16–35% in the
/// calibration's interaction-dominated settings, and the interval over-covered.)
/// With one seed (n = 1) the seed variance cannot be seen: `Var(ȳ) = MS_V / V` with V − 1 degrees of freedom (the
/// interval then covers the test videos only); likewise with one video.
public struct CrossedVarianceComponents: Sendable, Equatable, Codable {
    /// Seeds n.
    public let seeds: Int
    /// Videos V.
    public let videos: Int
    /// Grand mean ȳ.
    public let mean: Double
    /// Estimated seed variance (≥ 0).
    public let seedVariance: Double
    /// Estimated video variance (≥ 0).
    public let videoVariance: Double
    /// Estimated residual (seed × video interaction and frame noise) variance (≥ 0).
    public let interactionVariance: Double
    /// Squared scale of ȳ's interval: `SE²` of the Student t matched to the generalized pivot (with one seed or one
    /// video, the one mean square over its size).
    public let varianceOfMean: Double
    /// Degrees of freedom of that Student t (`unboundedDegreesOfFreedom` when `varianceOfMean` is 0).
    public let degreesOfFreedom: Double

    /// The analysis of `values[s][v]` (every row the same length, at least one cell).
    public init(values: [[Double]]) {
        let n = values.count
        precondition(n >= 1 && values.allSatisfy { $0.count == values[0].count } && !values[0].isEmpty,
                     "a seeds × videos matrix")
        let v = values[0].count
        let nd = Double(n)
        let vd = Double(v)
        let grand = values.joined().reduce(0, +) / (nd * vd)
        let seedMeans = values.map { $0.reduce(0, +) / vd }
        let videoMeans = (0..<v).map { j in values.map { $0[j] }.reduce(0, +) / nd }
        var ssSeed = 0.0
        var ssVideo = 0.0
        var ssError = 0.0
        for s in 0..<n { ssSeed += vd * (seedMeans[s] - grand) * (seedMeans[s] - grand) }
        for j in 0..<v { ssVideo += nd * (videoMeans[j] - grand) * (videoMeans[j] - grand) }
        for s in 0..<n {
            for j in 0..<v {
                let r = values[s][j] - seedMeans[s] - videoMeans[j] + grand
                ssError += r * r
            }
        }
        seeds = n
        videos = v
        mean = grand
        if n == 1 || v == 1 {
            // One factor only: the other's variance is invisible, the residual is confounded with the seen factor.
            let (ss, df, size) = n == 1 ? (ssVideo, vd - 1, vd) : (ssSeed, nd - 1, nd)
            let ms = df > 0 ? ss / df : 0
            seedVariance = n == 1 ? 0 : ms / vd
            videoVariance = n == 1 ? ms / nd : 0
            interactionVariance = 0
            varianceOfMean = ms / size / (n == 1 ? 1 : vd)
            degreesOfFreedom = ms > 0 ? max(df, 1) : Self.unboundedDegreesOfFreedom
            return
        }
        let dfSeed = nd - 1
        let dfVideo = vd - 1
        let dfError = (nd - 1) * (vd - 1)
        let msSeed = ssSeed / dfSeed
        let msVideo = ssVideo / dfVideo
        let msError = ssError / dfError
        seedVariance = max(msSeed - msError, 0) / vd
        videoVariance = max(msVideo - msError, 0) / nd
        interactionVariance = msError
        // No factor is pooled: the interval is the generalized pivot of MS_S + MS_V − MS_E, every mean square as
        // observed (see `MeanSquarePivot`).
        let pivot = MeanSquarePivot(terms: [.init(sumOfSquares: ssSeed, degreesOfFreedom: dfSeed, coefficient: 1),
                                            .init(sumOfSquares: ssVideo, degreesOfFreedom: dfVideo, coefficient: 1),
                                            .init(sumOfSquares: ssError, degreesOfFreedom: dfError, coefficient: -1)],
                                    divisor: nd * vd)
        let equivalent = pivot.equivalentT()
        varianceOfMean = equivalent.standardError * equivalent.standardError
        degreesOfFreedom = equivalent.degreesOfFreedom
    }

    /// Degrees of freedom recorded when the variance is exactly 0 (finite, so table.json can hold it; the t
    /// quantiles are then the normal ones to 6 digits).
    public static let unboundedDegreesOfFreedom = 1e6

    /// Standard error of ȳ.
    public var standardError: Double { varianceOfMean.squareRoot() }

    /// The standard error the mean would have with `seeds` seeds and `videos` videos, and its Satterthwaite degrees
    /// of freedom, from the estimated components: `√(σ²_seed/n′ + σ²_video/V′ + σ²_inter/(n′V′))`, the degrees of
    /// freedom from the expected mean squares at that design.
    public func projected(seeds n: Int, videos v: Int) -> (standardError: Double, degreesOfFreedom: Double) {
        let nd = Double(n)
        let vd = Double(v)
        let variance = seedVariance / nd + videoVariance / vd + interactionVariance / (nd * vd)
        let msSeed = interactionVariance + vd * seedVariance
        let msVideo = interactionVariance + nd * videoVariance
        let msError = interactionVariance
        var denominator = 0.0
        if n > 1 { denominator += msSeed * msSeed / (nd - 1) }
        if v > 1 { denominator += msVideo * msVideo / (vd - 1) }
        if n > 1 && v > 1 { denominator += msError * msError / ((nd - 1) * (vd - 1)) }
        let combined = variance * nd * vd
        let df = denominator > 0 ? max(combined * combined / denominator, 1) : Self.unboundedDegreesOfFreedom
        return (variance.squareRoot(), df)
    }
}
