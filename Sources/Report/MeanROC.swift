import Metrics

/// The mean of several ROC curves (one per seed) on a common false-positive-rate grid.
///
/// Each curve's TPR is read at every grid FPR `f` as the largest TPR among its points with FPR ≤ `f`, linearly
/// interpolated along the segment that crosses `f` (the curve is a staircase with diagonal steps for ties, so this
/// is the curve's height at `f`). The mean curve is `TPR̄(f) = (1/S) Σ_s TPR_s(f)`; `area` is the mean of the
/// curves' own AUCs (not the area under the averaged curve).
public struct MeanROC: Sendable, Equatable {
    /// The grid of false-positive rates, from 0 to 1.
    public let falsePositiveRates: [Double]
    /// Mean true-positive rate at each grid point.
    public let truePositiveRates: [Double]
    /// Mean of the curves' AUCs.
    public let area: Double
    /// Number of curves averaged.
    public let curveCount: Int
    /// Lowest true-positive rate of any curve at each grid point (the seed spread's lower edge).
    public let lowestTruePositiveRates: [Double]
    /// Highest true-positive rate of any curve at each grid point.
    public let highestTruePositiveRates: [Double]
    /// Each curve's AUC, in the order given.
    public let areas: [Double]

    /// Averages `curves` on `gridSize` evenly spaced FPR values in [0, 1]. `curves` must not be empty.
    public init(curves: [ROCCurve], gridSize: Int = 201) {
        precondition(!curves.isEmpty, "MeanROC: needs at least one curve")
        precondition(gridSize >= 2, "MeanROC: the grid needs at least two points")
        let grid = (0..<gridSize).map { Double($0) / Double(gridSize - 1) }
        var sums = [Double](repeating: 0, count: gridSize)
        var lowest = [Double](repeating: .infinity, count: gridSize)
        var highest = [Double](repeating: -.infinity, count: gridSize)
        for curve in curves {
            let values = MeanROC.truePositiveRates(of: curve, at: grid)
            for i in 0..<gridSize {
                sums[i] += values[i]
                lowest[i] = min(lowest[i], values[i])
                highest[i] = max(highest[i], values[i])
            }
        }
        lowestTruePositiveRates = lowest
        highestTruePositiveRates = highest
        areas = curves.map(\.area)
        falsePositiveRates = grid
        truePositiveRates = sums.map { $0 / Double(curves.count) }
        area = curves.map(\.area).reduce(0, +) / Double(curves.count)
        curveCount = curves.count
    }

    /// The height of `curve` at each FPR of `grid` (ascending).
    static func truePositiveRates(of curve: ROCCurve, at grid: [Double]) -> [Double] {
        let fpr = curve.falsePositiveRates
        let tpr = curve.truePositiveRates
        var result: [Double] = []
        result.reserveCapacity(grid.count)
        var i = 0  // last point with fpr[i] <= f
        for f in grid {
            while i + 1 < fpr.count, fpr[i + 1] <= f { i += 1 }
            if i + 1 < fpr.count, fpr[i + 1] > fpr[i] {
                let t = (f - fpr[i]) / (fpr[i + 1] - fpr[i])
                result.append(tpr[i] + t * (tpr[i + 1] - tpr[i]))
            } else {
                result.append(tpr[i])
            }
        }
        return result
    }
}
