/// A frame-level receiver operating characteristic: one point per distinct score threshold.
///
/// A frame is predicted anomalous when its score is `>=` the threshold (higher score = more anomalous).
/// The points are those of scikit-learn's `roc_curve(labels, scores, drop_intermediate=False)`:
/// thresholds are `+∞` followed by the distinct scores in decreasing order; point `i` holds
/// `FPR_i = FP_i / N` and `TPR_i = TP_i / P`, where `FP_i`, `TP_i` count negatives and positives with score
/// `>= thresholds[i]`. Tied scores therefore form a single point (a diagonal step of the curve), which is the
/// standard tie handling. The first point is `(0, 0)` and the last `(1, 1)`.
public struct ROCCurve: Sendable, Equatable {
    /// Decision thresholds, strictly decreasing; the first is `+infinity`.
    public let thresholds: [Double]
    /// False-positive rate at each threshold (non-decreasing, from 0 to 1).
    public let falsePositiveRates: [Double]
    /// True-positive rate at each threshold (non-decreasing, from 0 to 1).
    public let truePositiveRates: [Double]
    /// Number of anomalous frames (label `true`), `P`.
    public let positiveCount: Int
    /// Number of normal frames (label `false`), `N`.
    public let negativeCount: Int
    /// Cumulative false-positive counts `FP_i` (exact integers behind `falsePositiveRates`).
    public let falsePositiveCounts: [Int]
    /// Cumulative true-positive counts `TP_i` (exact integers behind `truePositiveRates`).
    public let truePositiveCounts: [Int]

    /// Builds the ROC curve of `scores` (higher = more anomalous) against `labels` (`true` = anomalous frame).
    ///
    /// Throws `MetricsError` for empty input, different lengths, a NaN or infinite score, or labels of one
    /// class only.
    public init(scores: [Double], labels: [Bool]) throws {
        let (positives, negatives) = try validateBinaryInput(scores: scores, labels: labels)
        let sorted = ROCCurve.sortedDescending(scores: scores, labels: labels)
        var thresholds: [Double] = [.infinity]
        var falsePositives: [Int] = [0]
        var truePositives: [Int] = [0]
        var fp = 0
        var tp = 0
        var position = 0
        while position < sorted.count {
            let threshold = sorted[position].score
            // Consume every frame tied at this score: ties become one point.
            while position < sorted.count, sorted[position].score == threshold {
                if sorted[position].isPositive { tp += 1 } else { fp += 1 }
                position += 1
            }
            thresholds.append(threshold)
            falsePositives.append(fp)
            truePositives.append(tp)
        }
        self.thresholds = thresholds
        self.falsePositiveCounts = falsePositives
        self.truePositiveCounts = truePositives
        self.positiveCount = positives
        self.negativeCount = negatives
        self.falsePositiveRates = falsePositives.map { Double($0) / Double(negatives) }
        self.truePositiveRates = truePositives.map { Double($0) / Double(positives) }
    }

    /// Number of points (distinct scores + 1).
    public var count: Int { thresholds.count }

    /// Area under the curve by the trapezoid rule over the points:
    /// `AUC = Σ_i (FP_i − FP_{i−1}) (TP_i + TP_{i−1}) / (2 P N)`, computed on exact integer counts.
    ///
    /// Equals scikit-learn's `roc_auc_score` (and the Mann–Whitney statistic with ties counted ½).
    public var area: Double {
        var twiceArea = 0  // in units of 1 / (P N); exact while P·N < 2^62
        for i in 1..<falsePositiveCounts.count {
            twiceArea += (falsePositiveCounts[i] - falsePositiveCounts[i - 1])
                * (truePositiveCounts[i] + truePositiveCounts[i - 1])
        }
        return Double(twiceArea) / (2 * Double(positiveCount) * Double(negativeCount))
    }

    /// The points scikit-learn's `roc_curve(..., drop_intermediate=True)` (1.2) keeps, as indices into this curve:
    /// the first point (0, 0), then among the distinct-threshold points (indices 1…) the first, the last, and
    /// every point where the second difference of FP or TP counts is non-zero (a corner); points in the middle
    /// of a straight run are dropped. The area is the same; the authors' EER is read from these points.
    public var reducedIndices: [Int] {
        let n = count - 1  // distinct-threshold points, indices 1...n
        guard n > 2 else { return Array(0..<count) }
        var kept = [0, 1]
        for i in 2..<n {
            let fp = falsePositiveCounts[i + 1] - 2 * falsePositiveCounts[i] + falsePositiveCounts[i - 1]
            let tp = truePositiveCounts[i + 1] - 2 * truePositiveCounts[i] + truePositiveCounts[i - 1]
            if fp != 0 || tp != 0 { kept.append(i) }
        }
        kept.append(n)
        return kept
    }

    /// The equal error rate of this curve (both definitions; see `EqualErrorRate`).
    public var equalErrorRate: EqualErrorRate { EqualErrorRate(curve: self) }
}

extension ROCCurve {
    /// Frame-level ROC AUC of `scores` against `labels`; same value as `ROCCurve(scores:labels:).area`, without
    /// keeping the curve (used by the γ search, which scores many candidates).
    public static func areaUnderCurve(scores: [Double], labels: [Bool]) throws -> Double {
        let (positives, negatives) = try validateBinaryInput(scores: scores, labels: labels)
        let sorted = sortedDescending(scores: scores, labels: labels)
        var twiceArea = 0
        var fp = 0
        var tp = 0
        var position = 0
        while position < sorted.count {
            let threshold = sorted[position].score
            let previousFP = fp
            let previousTP = tp
            while position < sorted.count, sorted[position].score == threshold {
                if sorted[position].isPositive { tp += 1 } else { fp += 1 }
                position += 1
            }
            twiceArea += (fp - previousFP) * (tp + previousTP)
        }
        return Double(twiceArea) / (2 * Double(positives) * Double(negatives))
    }

    /// The (score, label) pairs sorted by decreasing score.
    static func sortedDescending(scores: [Double], labels: [Bool]) -> [(score: Double, isPositive: Bool)] {
        var pairs = zip(scores, labels).map { (score: $0, isPositive: $1) }
        pairs.sort { $0.score > $1.score }
        return pairs
    }
}
