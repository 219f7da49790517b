import Foundation

/// Everything `f2lm eval` reports about one per-frame score table: how the score was formed, AUC and EER on the
/// reported videos, per-component AUCs, and the γ search when there was one. `Codable` for `--json`.
public struct EvaluationReport: Sendable, Equatable, Codable {
    /// The score file (as named by the caller).
    public let source: String
    /// Whether the table held components or a precomputed score.
    public let format: ScoreTable.Format
    /// `fixed`, `search` (γ chosen on validation videos), `oracle` (γ chosen on the reported test videos) or
    /// `precomputed` (a score column used as given).
    public let selection: String
    /// `true` when γ was chosen on the videos the numbers are reported on; such numbers must be labelled oracle.
    public let isOracle: Bool
    /// The γ weights used (fixed or chosen); `nil` for a precomputed score.
    public let weights: ScoreWeights?
    /// Standardisation scope of the components; `nil` for a precomputed score.
    public let normalization: NormalizationScope?
    /// For a precomputed score: whether it was min-max scaled per video.
    public let minMaxPerVideo: Bool?
    /// The videos the evaluation covers (all of them, or the held-out part after a γ search).
    public let reportedVideos: [String]
    /// AUC and EER on `reportedVideos`.
    public let evaluation: Evaluation
    /// AUC of each present component alone on `reportedVideos` (component tables only).
    public let componentAUCs: [ScoreComponent: Double]?
    /// The γ search, when `selection` is `search` or `oracle`.
    public let search: GammaSearchResult?
    /// Gaussian smoothing applied to each video's score (component tables only); nil = none.
    public let smoothing: GaussianSmoothing?

    /// Evaluates `table` as asked.
    ///
    /// - `gamma`: used for component tables (`fixed`, `search` or `oracle`); must be `nil` for a precomputed
    ///   score table. `nil` on a component table means all γ = 1.
    /// - `normalization`: component standardisation scope (ignored for a precomputed score).
    /// - `minMaxPerVideo`: for a precomputed score only, scale it per video first.
    /// - `search`: the grid and split used when `gamma` is `search` or `oracle` (its `normalization` is replaced
    ///   by the `normalization` argument, its `smoothing` by the `smoothing` argument).
    /// - `smoothing`: Gaussian smoothing of each video's final score (component tables only).
    ///
    /// Throws `MetricsError` for an unusable table, weights or search, and when the options do not fit the
    /// table's format.
    public init(
        table: ScoreTable, source: String, gamma: GammaSetting? = nil, normalization: NormalizationScope = .perVideo,
        minMaxPerVideo: Bool = false, search: GammaSearch = GammaSearch(), smoothing: GaussianSmoothing? = nil
    ) throws {
        try table.validate()
        self.source = source
        format = table.format
        switch table.format {
        case .score:
            if let gamma {
                throw MetricsError.invalidOption(
                    "\(source) holds a precomputed score column, so γ (\(gamma)) does not apply; "
                        + "γ weights need the component columns")
            }
            selection = "precomputed"
            self.smoothing = nil
            isOracle = false
            weights = nil
            self.normalization = nil
            self.minMaxPerVideo = minMaxPerVideo
            reportedVideos = table.videos
            evaluation = try Evaluation(scores: table.precomputedScores(minMaxPerVideo: minMaxPerVideo), labels: table.labels)
            componentAUCs = nil
            self.search = nil
        case .components:
            if minMaxPerVideo {
                throw MetricsError.invalidOption(
                    "min-max per video is an option for a precomputed score column; component scores are always "
                        + "min-max scaled per video")
            }
            self.normalization = normalization
            self.minMaxPerVideo = nil
            self.smoothing = smoothing
            var searcher = search
            searcher.normalization = normalization
            searcher.smoothing = smoothing
            switch gamma ?? .fixed(.equal) {
            case let .fixed(fixedWeights):
                selection = "fixed"
                isOracle = false
                weights = fixedWeights
                reportedVideos = table.videos
                evaluation = try ScoreCombination(weights: fixedWeights, normalization: normalization,
                                                  smoothing: smoothing).evaluate(table)
                self.search = nil
            case .search, .oracle:
                let oracle = gamma == .oracle
                let result = oracle ? try searcher.runOracle(on: table) : try searcher.run(on: table)
                selection = oracle ? "oracle" : "search"
                isOracle = result.isOracle
                weights = result.weights
                reportedVideos = result.reportedVideos
                evaluation = result.evaluation
                self.search = result
            }
            componentAUCs = try ScoreCombination.componentAUCs(
                of: table.subset(videos: reportedVideos), normalization: normalization, smoothing: smoothing)
        }
    }

    /// A human-readable summary (several lines, no trailing newline).
    public var text: String {
        func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
        var lines: [String] = []
        let anomalous = evaluation.anomalousCount
        lines.append("scores: \(source) (\(format.rawValue) format, \(reportedVideos.count) videos, "
            + "\(evaluation.frameCount) frames, \(anomalous) anomalous)")
        switch selection {
        case "precomputed":
            lines.append("score: precomputed column" + (minMaxPerVideo == true ? ", min-max scaled per video" : ", as given"))
        default:
            let scope = normalization?.rawValue ?? "-"
            let gammaText = weights.map { "γ = \($0)" } ?? ""
            let smoothed = smoothing.map { ", Gaussian smoothing σ = \($0.sigma)" } ?? ""
            lines.append("\(gammaText) (\(selection)), components standardised \(scope), min-max per video\(smoothed)")
        }
        if let search {
            if search.isOracle {
                lines.append("ORACLE: γ chosen on the same test videos it is reported on (\(search.candidateCount) "
                    + "candidates); not a fair result")
            } else {
                lines.append("γ chosen on validation videos \(search.selectionVideos.joined(separator: " ")) "
                    + "(AUC \(percent(search.selectionAUC)), \(search.candidateCount) candidates)")
                lines.append("reported on held-out videos \(search.reportedVideos.joined(separator: " "))")
            }
        }
        let prefix = isOracle ? "ORACLE " : ""
        lines.append("\(prefix)AUC \(percent(evaluation.auc))  EER \(percent(evaluation.equalErrorRate.nearest)) "
            + "(authors' definition: FPR where |FPR − (1 − TPR)| is smallest; interpolated crossing "
            + "\(percent(evaluation.equalErrorRate.interpolated)))")
        if let componentAUCs, !componentAUCs.isEmpty {
            let parts = ScoreComponent.allCases.compactMap { component in
                componentAUCs[component].map { "\(component.columnName) \(percent($0))" }
            }
            lines.append("component AUCs (each alone): " + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// The report as pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
