/// Chooses the γ weights by grid search, maximising frame-level AUC.
///
/// `run(on:)` is the honest selection: the test videos are split (`split`) into a validation part, where every
/// candidate of `grid` is scored, and a held-out part, where only the chosen γ is evaluated and reported. The
/// held-out videos are never looked at while choosing: the validation part is cut out of the table before the
/// search, and standardisation statistics (also for `global` normalisation) come from the part being scored.
///
/// `runOracle(on:)` searches on all test videos and reports on the same videos, as the authors did; its result
/// has `isOracle == true` and must be labelled so wherever it is shown.
///
/// Candidates whose weights are 0 on every component present in the table are skipped; weights of absent
/// components are set to 0, and candidates that are positive multiples of an earlier one (same final scores,
/// since scores are min-max scaled per video) are dropped. Ties in AUC keep the earliest candidate in grid
/// order, so the result is deterministic.
public struct GammaSearch: Sendable, Hashable, Codable {
    /// The candidate weights.
    public var grid: GammaGrid
    /// How the test videos are split into validation and held-out parts.
    public var split: VideoSplit
    /// Standardisation scope used when combining components.
    public var normalization: NormalizationScope
    /// Gaussian smoothing of the final scores (the authors' `--gaussian`); nil = off.
    public var smoothing: GaussianSmoothing?

    /// A search over `grid` with the given split and normalisation (defaults: the authors' grid with step 0.5,
    /// every other video for validation, per-video normalisation).
    public init(grid: GammaGrid = .paper, split: VideoSplit = .alternate, normalization: NormalizationScope = .perVideo,
                smoothing: GaussianSmoothing? = nil) {
        self.grid = grid
        self.split = split
        self.normalization = normalization
        self.smoothing = smoothing
    }

    /// Chooses γ on the validation videos and evaluates it on the held-out videos only.
    ///
    /// Throws `MetricsError.invalidSearch` if the table has fewer than two videos, or if either part lacks normal
    /// or anomalous frames (pick another split), and the table and grid errors of `ScoreCombination`/`GammaGrid`.
    public func run(on table: ScoreTable) throws -> GammaSearchResult {
        try table.validate()
        let (validationVideos, heldOutVideos) = try split.partition(table.videos)
        let validation = table.subset(videos: validationVideos)
        let heldOut = table.subset(videos: heldOutVideos)
        try requireBothClasses(validation, part: "validation", videos: validationVideos)
        try requireBothClasses(heldOut, part: "held-out", videos: heldOutVideos)
        let (weights, selectionAUC, candidateCount) = try select(on: validation)
        let evaluation = try ScoreCombination(weights: weights, normalization: normalization, smoothing: smoothing).evaluate(heldOut)
        return GammaSearchResult(
            weights: weights, isOracle: false, selectionAUC: selectionAUC, selectionVideos: validationVideos,
            reportedVideos: heldOutVideos, evaluation: evaluation, candidateCount: candidateCount)
    }

    /// The oracle variant: chooses γ on all test videos and evaluates it on the same videos (`isOracle == true`).
    public func runOracle(on table: ScoreTable) throws -> GammaSearchResult {
        try table.validate()
        let videos = table.videos
        try requireBothClasses(table, part: "test", videos: videos)
        let (weights, selectionAUC, candidateCount) = try select(on: table)
        let evaluation = try ScoreCombination(weights: weights, normalization: normalization, smoothing: smoothing).evaluate(table)
        return GammaSearchResult(
            weights: weights, isOracle: true, selectionAUC: selectionAUC, selectionVideos: videos,
            reportedVideos: videos, evaluation: evaluation, candidateCount: candidateCount)
    }

    /// The AUC of every candidate on `table`, in grid order (after restriction and de-duplication).
    public func candidateAUCs(on table: ScoreTable) throws -> [(weights: ScoreWeights, auc: Double)] {
        let standardized = try StandardizedComponents(table: table, normalization: normalization)
        var result: [(weights: ScoreWeights, auc: Double)] = []
        for weights in try effectiveCandidates(standardized) {
            let auc = try ROCCurve.areaUnderCurve(scores: standardized.combined(weights, smoothing: smoothing),
                                                  labels: standardized.labels)
            result.append((weights, auc))
        }
        return result
    }

    private func select(on table: ScoreTable) throws -> (ScoreWeights, Double, Int) {
        let scored = try candidateAUCs(on: table)
        var best = scored[0]
        for candidate in scored.dropFirst() where candidate.auc > best.auc { best = candidate }
        return (best.weights, best.auc, scored.count)
    }

    private func effectiveCandidates(_ standardized: StandardizedComponents) throws -> [ScoreWeights] {
        // Scaling all weights by a positive factor leaves the per-video min-max scores unchanged, so candidates
        // are compared by direction: weights divided by their sum, rounded to 1e-9 against float noise.
        var seen = Set<[Double]>()
        var result: [ScoreWeights] = []
        for candidate in try grid.candidates() {
            let weights = candidate.restricted(to: standardized.components)
            guard standardized.hasNonZeroWeight(weights) else { continue }
            let total = ScoreComponent.allCases.reduce(0) { $0 + weights[$1] }
            let direction = ScoreComponent.allCases.map { (weights[$0] / total * 1e9).rounded() }
            guard seen.insert(direction).inserted else { continue }
            result.append(weights)
        }
        guard !result.isEmpty else {
            throw MetricsError.invalidSearch("every grid candidate gives weight 0 to all present components")
        }
        return result
    }

    private func requireBothClasses(_ table: ScoreTable, part: String, videos: [String]) throws {
        let anomalous = table.rows.filter(\.isAnomalous).count
        guard anomalous > 0, anomalous < table.rows.count else {
            throw MetricsError.invalidSearch(
                "the \(part) videos (\(videos.joined(separator: ", "))) have "
                    + (anomalous == 0 ? "no anomalous frames" : "no normal frames")
                    + "; AUC is undefined there, choose another split (for example half:SEED)")
        }
    }
}
