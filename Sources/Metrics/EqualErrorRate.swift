/// The equal error rate (EER) of a ROC curve, the error rate where false positives and false negatives balance.
///
/// Two definitions are kept side by side:
/// - `nearest` (the authors' definition, the one the project's tables show): the FPR at the ROC point whose
///   threshold minimises `|FPR − (1 − TPR)|`, i.e. their `calculate_eer` (`abs(fpr − (1 − tpr))`, strict `<`, so
///   when several points tie the first one, highest threshold, wins). As in their code the points are those of
///   scikit-learn's default `drop_intermediate=True` (`ROCCurve.reducedIndices`): a minimum lying on a dropped
///   collinear point is not seen (their smoothed fixture: 0.2245 on the reduced curve, 0.2653 on all points).
///   A quirk kept on purpose: for a constant score the only points are `(0,0)` and `(1,1)`, both at distance 1,
///   so `nearest` is 0.
/// - `interpolated`: the point where the ROC polyline crosses the line `FPR = FNR` (`FNR = 1 − TPR`),
///   interpolating linearly between the two points that bracket it; there FPR and FNR are equal. For a
///   constant score it is 0.5.
public struct EqualErrorRate: Sendable, Equatable, Codable {
    /// The authors' EER: the FPR at the threshold minimising `|FPR − (1 − TPR)|`. Reported in the tables.
    public let nearest: Double
    /// The threshold of the point that gives `nearest` (`+infinity` for the first ROC point).
    public let nearestThreshold: Double
    /// The EER at the interpolated crossing of FPR and FNR along the ROC polyline.
    public let interpolated: Double

    /// Creates a value from its parts (for decoding and tests).
    public init(nearest: Double, nearestThreshold: Double, interpolated: Double) {
        self.nearest = nearest
        self.nearestThreshold = nearestThreshold
        self.interpolated = interpolated
    }

    /// Computes both definitions from a curve.
    public init(curve: ROCCurve) {
        // Evaluated exactly as their `calculate_eer` does, `abs(fpr - (1 - tpr))`, so ties resolve the same.
        var best = 0
        var bestGap = Double.infinity
        var differences: [Double] = []  // FPR − FNR, non-decreasing from −1 to 1
        differences.reserveCapacity(curve.count)
        for i in 0..<curve.count {
            differences.append(curve.falsePositiveRates[i] - (1 - curve.truePositiveRates[i]))
        }
        for i in curve.reducedIndices {
            let gap = abs(curve.falsePositiveRates[i] - (1 - curve.truePositiveRates[i]))
            if gap < bestGap {
                bestGap = gap
                best = i
            }
        }
        nearest = curve.falsePositiveRates[best]
        nearestThreshold = curve.thresholds[best]

        // First point at or beyond the crossing; the first point has difference −1 < 0, the last +1.
        let crossing = differences.firstIndex { $0 >= 0 } ?? (curve.count - 1)
        if differences[crossing] == 0 || crossing == 0 {
            interpolated = curve.falsePositiveRates[crossing]
        } else {
            let before = differences[crossing - 1]
            let after = differences[crossing]
            let t = -before / (after - before)
            let fprBefore = curve.falsePositiveRates[crossing - 1]
            let fprAfter = curve.falsePositiveRates[crossing]
            interpolated = fprBefore + t * (fprAfter - fprBefore)
        }
    }

    private enum CodingKeys: String, CodingKey { case nearest, nearestThreshold, interpolated }

    /// Encodes `nearestThreshold` only when finite (JSON has no infinity); a missing key decodes as `+infinity`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nearest, forKey: .nearest)
        if nearestThreshold.isFinite { try container.encode(nearestThreshold, forKey: .nearestThreshold) }
        try container.encode(interpolated, forKey: .interpolated)
    }

    /// Decodes the form written by `encode(to:)`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nearest = try container.decode(Double.self, forKey: .nearest)
        nearestThreshold = try container.decodeIfPresent(Double.self, forKey: .nearestThreshold) ?? .infinity
        interpolated = try container.decode(Double.self, forKey: .interpolated)
    }
}
