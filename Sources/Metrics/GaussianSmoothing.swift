import Foundation

/// 1-D Gaussian smoothing of a score sequence, the same filter as scipy's `ndimage.gaussian_filter1d(x, sigma)`
/// with its defaults (`truncate = 4`, `mode = 'reflect'`, order 0):
///
/// `y[i] = Σ_{k=−r…r} w_k x[reflect(i + k)]`, `w_k = exp(−k² / (2σ²)) / Σ_j exp(−j² / (2σ²))`,
/// `r = Int(4σ + 0.5)`, where `reflect` mirrors about the edges including the edge value
/// (`… x1 x0 | x0 x1 … x_{n−1} | x_{n−1} x_{n−2} …`) and repeats with period 2n when r exceeds the length.
/// The authors' `--gaussian` option applies it with σ = 10 (radius 40) to each video's min-max scaled score.
public struct GaussianSmoothing: Sendable, Hashable, Codable {
    /// Standard deviation in frames (> 0).
    public let sigma: Double

    /// A filter with standard deviation `sigma` frames.
    public init(sigma: Double) {
        precondition(sigma > 0 && sigma.isFinite, "GaussianSmoothing: σ must be positive")
        self.sigma = sigma
    }

    /// Half-width of the kernel: `Int(4σ + 0.5)`.
    public var radius: Int { Int(4 * sigma + 0.5) }

    /// The normalised weights `w_{−r} … w_r`.
    public var weights: [Double] {
        let r = radius
        var w = (-r...r).map { k in exp(-0.5 * Double(k * k) / (sigma * sigma)) }
        let total = w.reduce(0, +)
        for i in w.indices { w[i] /= total }
        return w
    }

    /// The smoothed sequence (same length; empty stays empty).
    public func apply(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 0 else { return [] }
        let w = weights, r = radius
        let period = 2 * n
        return (0..<n).map { i in
            var total = 0.0
            for k in -r...r {
                var j = (i + k) % period
                if j < 0 { j += period }
                if j >= n { j = period - 1 - j }
                total += w[k + r] * values[j]
            }
            return total
        }
    }
}
