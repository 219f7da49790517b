/// The trivial difficulty check for a dataset: score each frame by the mean absolute difference to the previous
/// frame and measure the frame-level ROC AUC against the ground truth. A useful benchmark family lies well above
/// 50 % (anomalies exist and move differently) and well below 100 % (motion energy alone does not solve it).
public enum FrameDifferenceBaseline {
    /// Mean |I_t − I_{t−1}| over pixels and channels (0–255 scale); frame 0 gets frame 1's score.
    public static func scores(_ frames: [RasterImage]) -> [Double] {
        meanAbsoluteDifferences(frames.map { $0.pixels.map(Double.init) })
    }

    /// Mean |x_t − x_{t−1}| of consecutive value arrays; the first gets the second's score (0 for one array).
    private static func meanAbsoluteDifferences(_ values: [[Double]]) -> [Double] {
        guard values.count > 1 else { return values.map { _ in 0 } }
        var s = [Double](repeating: 0, count: values.count)
        for t in 1..<values.count {
            s[t] = zip(values[t], values[t - 1]).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(values[t].count)
        }
        s[0] = s[1]
        return s
    }

    /// ROC AUC of `scores` for 0/1 `labels` (higher score = more anomalous): the Mann–Whitney statistic with
    /// ties counted one half, computed from average ranks. Returns nil when a class is missing.
    public static func areaUnderROC(scores: [Double], labels: [UInt8]) -> Double? {
        precondition(scores.count == labels.count, "areaUnderROC: \(scores.count) scores for \(labels.count) labels")
        let positives = labels.filter { $0 != 0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        var positiveRankSum = 0.0
        for (r, l) in zip(ranks, labels) where l != 0 { positiveRankSum += r }
        return (positiveRankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }

    /// Mean |Y_t − Y_{t−1}| of the grey values Y = 0.299 R + 0.587 G + 0.114 B (0–255 scale; the pixel itself for
    /// a grey frame); frame 0 gets frame 1's score.
    public static func greyScores(_ frames: [RasterImage]) -> [Double] {
        func grey(_ image: RasterImage) -> [Double] {
            guard image.channels == 3 else { return image.pixels.map(Double.init) }
            return (0..<image.width * image.height).map { i -> Double in
                let r = Double(image.pixels[3 * i]), g = Double(image.pixels[3 * i + 1]), b = Double(image.pixels[3 * i + 2])
                return 0.299 * r + 0.587 * g + 0.114 * b
            }
        }
        return meanAbsoluteDifferences(frames.map(grey))
    }

    /// The baseline's AUC two ways: `raw`, the mean absolute difference over all channels, videos concatenated
    /// unnormalised, first frame of each video skipped; and `likeRuns`, scored the way the runs' components are:
    /// grey frames (`greyScores`), the first `history` frames of each video not scored, each video's scores min-max
    /// normalised to [0, 1] (range + 1e-8) before concatenation. `likeRuns` is the protocol of issue 13's
    /// "generators ≥ 10 points above frame difference".
    public struct Result: Sendable {
        /// AUC of the raw protocol.
        public var auc: Double
        /// AUC scored like the runs.
        public var likeRunsAUC: Double
        /// Fraction of anomalous frames among the raw protocol's frames.
        public var anomalousFraction: Double
    }

    /// Frame-difference AUC over all test videos of a synthetic family (see `Result` for the two protocols),
    /// together with the fraction of anomalous frames; with `validation`, over the validation videos
    /// (`scale.validationVideos` of them) instead.
    public static func evaluate(family: SyntheticFamily, scale: SyntheticScale, seed: UInt64,
                                validation: Bool = false, history: Int = 4) -> Result {
        let writer = SyntheticDatasetWriter(family: family, scale: scale, seed: seed)
        var allScores: [Double] = [], allLabels: [UInt8] = []
        var runScores: [Double] = [], runLabels: [UInt8] = []
        for video in validation ? writer.validationVideos() : writer.videos(.testing) {
            let frames = (0..<video.frameCount).map { video.frame($0) }
            let labels: [UInt8] = frames.map { $0.isAnomalous ? 1 : 0 }
            let s = scores(frames.map(\.image))
            allScores += s.dropFirst()
            allLabels += labels.dropFirst()
            let grey = Array(greyScores(frames.map(\.image)).dropFirst(history))
            guard let lo = grey.min(), let hi = grey.max() else { continue }
            runScores += grey.map { ($0 - lo) / (hi - lo + 1e-8) }
            runLabels += labels.dropFirst(history)
        }
        let fraction = Double(allLabels.filter { $0 != 0 }.count) / Double(max(1, allLabels.count))
        return Result(auc: areaUnderROC(scores: allScores, labels: allLabels) ?? .nan,
                      likeRunsAUC: areaUnderROC(scores: runScores, labels: runLabels) ?? .nan, anomalousFraction: fraction)
    }
}
