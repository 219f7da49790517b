import Metrics

/// What one comparison could have seen: its minimum detectable difference (80% power at the claim's level, from the
/// run's own variance components), the paper's own difference for the same two rows, and the seeds and test videos
/// a run would need to detect that difference (`RequiredDesign`), or nil when out of reach.
public struct ComparisonPower: Sendable, Equatable, Codable {
    /// The row claimed better.
    public let better: String
    /// The row it is compared with.
    public let worse: String
    /// Minimum detectable difference (AUC fraction) of this run's design.
    public let minimumDetectable: Double
    /// The paper's `AUC(better) − AUC(worse)` (fraction), nil when the paper gives no number for either row.
    public let paperDifference: Double?
    /// Whether this run's design could see the paper's difference (`|paper Δ| ≥ MDD`); nil without a paper number.
    public let paperDifferenceDetectable: Bool?
    /// The design that would detect the paper's difference; nil when out of reach or without a paper number.
    public let required: RequiredDesign?

    /// The power of `difference`, with the paper's numbers (in %) for its two rows when known.
    public init(_ difference: AUCDifference, paperBetter: Double?, paperWorse: Double?) {
        better = difference.better
        worse = difference.worse
        minimumDetectable = difference.minimumDetectable
        if let x = paperBetter, let y = paperWorse {
            let delta = (x - y) / 100
            paperDifference = delta
            paperDifferenceDetectable = abs(delta) >= difference.minimumDetectable
            required = RequiredDesign(resolving: delta, components: difference.components, level: difference.level)
        } else {
            paperDifference = nil
            paperDifferenceDetectable = nil
            required = nil
        }
    }

    /// "MDD ±1.2; paper +0.7: needs 12 seeds × 16 videos" (AUC points).
    public var text: String {
        var text = String(format: "MDD ±%.1f", minimumDetectable * 100)
        guard let paperDifference else { return text + "; paper Δ unknown" }
        text += String(format: "; paper %+.1f: ", paperDifference * 100)
        if paperDifference == 0 { return text + "no difference to detect" }
        if paperDifferenceDetectable == true { return text + "within reach of this design" }
        return text + "needs " + RequiredDesign.text(required)
    }
}
