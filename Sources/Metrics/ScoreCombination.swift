/// How per-frame components become one anomaly score per frame (METHOD.md, "Anomaly score"):
///
/// 1. each present component `L` is standardised, `SL = (L − μ) / σ`, with `μ`, `σ` (population) taken per video
///    or over all frames of the table (`normalization`); a component constant within its scope (`σ = 0`)
///    contributes 0 there;
/// 2. `Scaled = Σ_c γ_c SL_c` over the components present in the table (absent components contribute nothing);
/// 3. `Score = (Scaled − min) / (max − min + 1e-8)` within each video (always per video, as the authors do);
///    a video whose `Scaled` is constant gets 0 on every frame;
/// 4. optionally (`smoothing`) each video's score, in frame order, is smoothed by `GaussianSmoothing` (the authors'
///    `--gaussian` option).
///
/// The standardisation uses σ + 1e-8 (`ScoreNormalization`), as the authors' `z_score` does.
public struct ScoreCombination: Sendable, Hashable, Codable {
    /// The weights that multiply the standardised components (already scaled, see `ScoreWeightScale`).
    public var weights: ScoreWeights
    /// Whether `μ`, `σ` are per video or over the whole table.
    public var normalization: NormalizationScope
    /// Gaussian smoothing of each video's final score; nil = off.
    public var smoothing: GaussianSmoothing?

    /// A combination with the given weights, normalisation scope and smoothing (defaults: all γ = 1, per video,
    /// no smoothing).
    public init(weights: ScoreWeights = .equal, normalization: NormalizationScope = .perVideo,
                smoothing: GaussianSmoothing? = nil) {
        self.weights = weights
        self.normalization = normalization
        self.smoothing = smoothing
    }

    /// The final score of every row of `table`, in row order, in [0, 1] within each video.
    ///
    /// Throws `MetricsError.invalidTable` if the table is inconsistent or holds a precomputed score instead of
    /// components, and `MetricsError.invalidWeights` if every present component has weight 0.
    public func scores(for table: ScoreTable) throws -> [Double] {
        let standardized = try StandardizedComponents(table: table, normalization: normalization)
        guard standardized.hasNonZeroWeight(weights) else {
            let names = standardized.components.map(\.columnName).joined(separator: ", ")
            throw MetricsError.invalidWeights(
                "γ = \(weights) gives weight 0 to every component present in the table (\(names))")
        }
        return standardized.combined(weights, smoothing: smoothing)
    }

    /// AUC and EER of `scores(for: table)` against the table's labels.
    public func evaluate(_ table: ScoreTable) throws -> Evaluation {
        try Evaluation(scores: scores(for: table), labels: table.labels)
    }

    /// The AUC of each present component alone, put through the same pipeline (standardised in
    /// `normalization`'s scope, then min-max per video) with weight 1 and the others 0.
    public static func componentAUCs(
        of table: ScoreTable, normalization: NormalizationScope = .perVideo, smoothing: GaussianSmoothing? = nil
    ) throws -> [ScoreComponent: Double] {
        let standardized = try StandardizedComponents(table: table, normalization: normalization)
        var result: [ScoreComponent: Double] = [:]
        for component in standardized.components {
            var weights = ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 0, destroyerMSE: 0)
            weights[component] = 1
            result[component] = try ROCCurve(scores: standardized.combined(weights, smoothing: smoothing),
                                             labels: standardized.labels).area
        }
        return result
    }
}

/// The standardised components of a table, computed once so that many γ can be tried cheaply.
struct StandardizedComponents {
    /// Present components, in γ order.
    let components: [ScoreComponent]
    /// `values[k][i]`: standardised value of `components[k]` at row `i`.
    let values: [[Double]]
    /// Per row, the index of its video.
    let groups: [Int]
    /// The row positions of each video, in frame order.
    let groupMembers: [[Int]]
    /// Per row, the ground truth.
    let labels: [Bool]

    init(table: ScoreTable, normalization: NormalizationScope) throws {
        try table.validate()
        guard table.format == .components else {
            throw MetricsError.invalidTable(
                "it holds a precomputed score column, so there are no components to weight with γ")
        }
        components = table.presentComponents
        groups = table.videoIndices
        let rows = table.rows
        groupMembers = ScoreNormalization.indicesByGroup(groups).map { members in
            members.sorted { rows[$0].frame < rows[$1].frame }
        }
        labels = table.labels
        let scopeGroups = normalization == .perVideo ? groups : [Int](repeating: 0, count: groups.count)
        values = components.map { component in
            ScoreNormalization.standardized(table.rows.map { $0[component]! }, groups: scopeGroups)
        }
    }

    /// Whether some present component has a non-zero weight.
    func hasNonZeroWeight(_ weights: ScoreWeights) -> Bool {
        components.contains { weights[$0] != 0 }
    }

    /// `Σ_c γ_c SL_c`, then min-max per video, then (when given) `smoothing` along each video's frames.
    func combined(_ weights: ScoreWeights, smoothing: GaussianSmoothing? = nil) -> [Double] {
        var scaled = [Double](repeating: 0, count: groups.count)
        for (k, component) in components.enumerated() {
            let weight = weights[component]
            if weight == 0 { continue }
            let column = values[k]
            for i in scaled.indices { scaled[i] += weight * column[i] }
        }
        var scores = ScoreNormalization.minMaxScaled(scaled, groupMembers: groupMembers)
        if let smoothing {
            for members in groupMembers {
                let smoothed = smoothing.apply(members.map { scores[$0] })
                for (k, i) in members.enumerated() { scores[i] = smoothed[k] }
            }
        }
        return scores
    }
}
