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
/// Estimates (restricted to non-negative components): a seed or video effect whose mean square does not exceed
/// `MS_E` is estimated as 0 and its sum of squares pooled into the residual (the REML solution at the boundary);
/// then `Var(ȳ) = (MS_S + MS_V − MS_E) / (n V)` over the terms kept, with Satterthwaite's degrees of freedom
/// `ν = (Σ_i c_i MS_i)² / Σ_i (c_i MS_i)² / ν_i` (coefficients c = +1, +1, −1 on the kept terms).
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
    /// Estimated variance of ȳ.
    public let varianceOfMean: Double
    /// Satterthwaite degrees of freedom of `varianceOfMean` (`unboundedDegreesOfFreedom` when it is 0).
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
        var dfSeed = nd - 1
        var dfVideo = vd - 1
        var dfError = (nd - 1) * (vd - 1)
        var keepSeed = true
        var keepVideo = true
        // Keep a factor only when its F = MS / MS_E exceeds the 0.75 quantile of F under no effect (Bancroft's
        // "sometimes pool" at level 0.25); else estimate its variance as 0 and pool its sum of squares into the
        // residual. Pooling every factor with MS ≤ MS_E (the non-negative REML solution) inflates the variance when
        // a factor is absent: the kept half of its mean squares exceeds MS_E by chance.
        for _ in 0..<2 {
            let msError = ssError / dfError
            let fSeed = keepSeed ? ssSeed / dfSeed / msError : .infinity
            let fVideo = keepVideo ? ssVideo / dfVideo / msError : .infinity
            let poolSeed = keepSeed && !(fSeed > Self.fQuantile(Self.poolingQuantile, dfSeed, dfError))
            let poolVideo = keepVideo && !(fVideo > Self.fQuantile(Self.poolingQuantile, dfVideo, dfError))
            if poolSeed && (!poolVideo || fSeed <= fVideo) {
                keepSeed = false
                ssError += ssSeed
                dfError += dfSeed
            } else if poolVideo {
                keepVideo = false
                ssError += ssVideo
                dfError += dfVideo
            } else {
                break
            }
        }
        let msError = ssError / dfError
        dfSeed = keepSeed ? dfSeed : 0
        dfVideo = keepVideo ? dfVideo : 0
        let msSeed = keepSeed ? ssSeed / (nd - 1) : 0
        let msVideo = keepVideo ? ssVideo / (vd - 1) : 0
        seedVariance = keepSeed ? max(msSeed - msError, 0) / vd : 0
        videoVariance = keepVideo ? max(msVideo - msError, 0) / nd : 0
        interactionVariance = msError
        // Kept terms of MS_S + MS_V − MS_E (a pooled factor's term is replaced by MS_E, which cancels one −MS_E).
        var terms: [(value: Double, df: Double)] = []
        if keepSeed { terms.append((msSeed, dfSeed)) }
        if keepVideo { terms.append((msVideo, dfVideo)) }
        if keepSeed && keepVideo { terms.append((-msError, dfError)) }
        if !keepSeed && !keepVideo { terms.append((msError, dfError)) }
        let combined = terms.map(\.value).reduce(0, +)
        varianceOfMean = max(combined, 0) / (nd * vd)
        let denominator = terms.map { $0.value * $0.value / $0.df }.reduce(0, +)
        degreesOfFreedom = denominator > 0 ? max(combined * combined / denominator, 1) : Self.unboundedDegreesOfFreedom
    }

    /// Degrees of freedom recorded when the variance is exactly 0 (finite, so table.json can hold it; the t
    /// quantiles are then the normal ones to 6 digits).
    public static let unboundedDegreesOfFreedom = 1e6

    /// The F quantile below which a factor is pooled into the residual.
    static let poolingQuantile = 0.5

    /// The `p` quantile of Snedecor's F with `d1`, `d2` degrees of freedom (bisection on its CDF
    /// `I_{d1 x / (d1 x + d2)}(d1/2, d2/2)`).
    static func fQuantile(_ p: Double, _ d1: Double, _ d2: Double) -> Double {
        func cdf(_ x: Double) -> Double { StudentT.regularizedIncompleteBeta(d1 * x / (d1 * x + d2), a: d1 / 2, b: d2 / 2) }
        var low = 0.0
        var high = 1.0
        while cdf(high) < p { low = high; high *= 2 }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if cdf(middle) < p { low = middle } else { high = middle }
            if high - low <= 1e-10 * high { break }
        }
        return (low + high) / 2
    }

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
