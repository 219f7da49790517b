import Metrics

/// Per-video anomaly-score curves of one run: the final score per frame with the run's γ, and the same score with
/// the Destroyer component dropped (γ4 = 0), plus the ground-truth anomalous stretches to shade.
public struct ScoreCurves: Sendable {
    /// One test video's curves.
    public struct Video: Sendable, Equatable {
        /// The video id.
        public var name: String
        /// Frame indices in ascending order.
        public var frames: [Int]
        /// Score with the run's γ (in [0, 1] per video), per frame.
        public var withDestroyer: [Double]
        /// Score with γ4 = 0, per frame; `nil` when the table has no Destroyer component or γ4 is already 0 or
        /// no other component has a weight.
        public var withoutDestroyer: [Double]?
        /// Ground truth per frame.
        public var labels: [Bool]
        /// Legend of the run's score: what it sums, e.g. "run's score: label triplet + generator MSE + Destroyer MSE"
        /// (an FFP row without a Destroyer reads "run's score: generator MSE").
        public var scoreName: String = "run's score"

        /// The maximal runs of consecutive anomalous frames as x-ranges `[first − 0.5, last + 0.5]`.
        public var anomalousRanges: [ClosedRange<Double>] {
            var ranges: [ClosedRange<Double>] = []
            var start: Int?
            for index in frames.indices {
                if labels[index] {
                    if start == nil { start = index }
                } else if let first = start {
                    ranges.append(Double(frames[first]) - 0.5...Double(frames[index - 1]) + 0.5)
                    start = nil
                }
            }
            if let first = start { ranges.append(Double(frames[first]) - 0.5...Double(frames[frames.count - 1]) + 0.5) }
            return ranges
        }

        /// The frame with the highest and the one with the lowest score (with the Destroyer).
        public var extremeFrames: (mostAnomalous: Int, leastAnomalous: Int) {
            let high = withDestroyer.indices.max { withDestroyer[$0] < withDestroyer[$1] } ?? 0
            let low = withDestroyer.indices.min { withDestroyer[$0] < withDestroyer[$1] } ?? 0
            return (frames[high], frames[low])
        }

        /// The plot: score against frame, both curves, anomalous frames shaded.
        public func plot(title: String) -> LinePlot {
            var plot = LinePlot(title: title, xTitle: "frame", yTitle: "anomaly score")
            plot.yRange = 0...1
            plot.series = [LinePlot.Series(name: scoreName,
                                           points: zip(frames, withDestroyer).map { LinePlot.Point(Double($0), $1) })]
            if let without = withoutDestroyer {
                plot.series.append(LinePlot.Series(name: "same without the Destroyer term (γ4 = 0)",
                                                   points: zip(frames, without).map { LinePlot.Point(Double($0), $1) }))
            }
            plot.shadedRanges = anomalousRanges
            plot.legendPosition = .below
            plot.width = 480
            plot.height = 280
            return plot
        }
    }

    /// The videos, in natural order.
    public let videos: [Video]
    /// The weights used for the "with" curve.
    public let weights: ScoreWeights

    /// Scores `table` with `weights` and `normalization`, and again with γ4 = 0 when that is meaningful.
    /// Throws `MetricsError` when the table cannot be scored.
    public init(table: ScoreTable, weights: ScoreWeights, normalization: NormalizationScope) throws {
        let with = try ScoreCombination(weights: weights, normalization: normalization).scores(for: table)
        var withoutWeights = weights
        withoutWeights.destroyerMSE = 0
        let present = table.presentComponents
        let canDrop = present.contains(.destroyerMSE) && weights.destroyerMSE != 0
            && present.contains { $0 != .destroyerMSE && weights[$0] != 0 }
        let without = canDrop
            ? try ScoreCombination(weights: withoutWeights, normalization: normalization).scores(for: table) : nil
        let summed = present.filter { weights[$0] != 0 }.map(Self.displayName)
        let scoreName = "run's score: " + (summed.isEmpty ? "no weighted component" : summed.joined(separator: " + "))
        var byVideo: [String: [Int]] = [:]
        for (index, row) in table.rows.enumerated() { byVideo[row.video, default: []].append(index) }
        videos = table.videos.map { name in
            let indices = byVideo[name]!.sorted { table.rows[$0].frame < table.rows[$1].frame }
            return Video(name: name, frames: indices.map { table.rows[$0].frame }, withDestroyer: indices.map { with[$0] },
                         withoutDestroyer: without.map { values in indices.map { values[$0] } },
                         labels: indices.map { table.rows[$0].isAnomalous }, scoreName: scoreName)
        }
        self.weights = weights
    }

    /// A component's name in legends.
    static func displayName(_ component: ScoreComponent) -> String {
        switch component {
        case .labelTriplet: return "label triplet"
        case .motionTriplet: return "motion triplet"
        case .generatorMSE: return "generator MSE"
        case .destroyerMSE: return "Destroyer MSE"
        }
    }
}
