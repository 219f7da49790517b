/// The per-frame scores of a set of test videos: one `ScoreRow` per scored frame, in any order.
///
/// A table is in one of two formats: `components` (the four F2LM + Destroyer components, any of them absent as a
/// whole) or `score` (one precomputed score per frame, for example from another tool). Read and written as CSV by
/// `ScoreTable+CSV.swift`; combined into final scores by `ScoreCombination`.
public struct ScoreTable: Sendable, Equatable {
    /// What the rows hold.
    public enum Format: String, Sendable, Codable {
        /// Component values (`label_triplet`, `motion_triplet`, `generator_mse`, `destroyer_mse`).
        case components
        /// A single precomputed `score` per frame.
        case score
    }

    /// The scored frames.
    public var rows: [ScoreRow]

    /// A table of `rows`. Use `validate()` (the metric functions call it) to check consistency.
    public init(rows: [ScoreRow]) {
        self.rows = rows
    }

    /// `score` when the rows carry a precomputed score, otherwise `components`.
    public var format: Format { rows.contains { $0.score != nil } ? .score : .components }

    /// The components that have values, in the order γ1…γ4.
    public var presentComponents: [ScoreComponent] {
        ScoreComponent.allCases.filter { component in rows.contains { $0[component] != nil } }
    }

    /// Ground truth per row (`true` = anomalous).
    public var labels: [Bool] { rows.map(\.isAnomalous) }

    /// The distinct video identifiers, in natural order (`video2` before `video10`).
    public var videos: [String] { VideoOrder.sorted(Array(Set(rows.map(\.video)))) }

    /// Per row, the position of its video in `videos`.
    public var videoIndices: [Int] {
        let slots = Dictionary(uniqueKeysWithValues: videos.enumerated().map { ($1, $0) })
        return rows.map { slots[$0.video]! }
    }

    /// The rows of the given videos only, in their original order.
    public func subset(videos selected: [String]) -> ScoreTable {
        let keep = Set(selected)
        return ScoreTable(rows: rows.filter { keep.contains($0.video) })
    }

    /// Checks the table can be scored; throws `MetricsError.invalidTable` naming the first offending row:
    /// no rows; an empty video id; rows mixing a precomputed score and components, or some rows with a score and
    /// some without; a component present on some rows only; no component at all; a NaN or infinite value;
    /// the same (video, frame) twice.
    public func validate() throws {
        guard !rows.isEmpty else { throw MetricsError.invalidTable("it has no rows") }
        let format = self.format
        let present = presentComponents
        var seen: [String: Set<Int>] = [:]
        for (index, row) in rows.enumerated() {
            let place = "row \(index) (video '\(row.video)', frame \(row.frame))"
            guard !row.video.isEmpty else { throw MetricsError.invalidTable("\(place) has an empty video id") }
            switch format {
            case .score:
                guard let score = row.score else {
                    throw MetricsError.invalidTable("\(place) has no score while other rows have one")
                }
                if let component = ScoreComponent.allCases.first(where: { row[$0] != nil }) {
                    throw MetricsError.invalidTable(
                        "\(place) has both a score and a \(component.columnName) value; a table holds one or the other")
                }
                guard score.isFinite else { throw MetricsError.invalidTable("\(place) has score \(score)") }
            case .components:
                guard !present.isEmpty else {
                    throw MetricsError.invalidTable("no row has any score component or score")
                }
                for component in present {
                    guard let value = row[component] else {
                        throw MetricsError.invalidTable(
                            "\(place) has no \(component.columnName) while other rows have one; a component must be "
                                + "present on every row or on none")
                    }
                    guard value.isFinite else {
                        throw MetricsError.invalidTable("\(place) has \(component.columnName) = \(value)")
                    }
                }
            }
            if !seen[row.video, default: []].insert(row.frame).inserted {
                throw MetricsError.invalidTable("\(place) appears twice")
            }
        }
    }

    /// The precomputed scores of a `score`-format table, as they are, or min-max scaled within each video when
    /// `minMaxPerVideo` is true (`(s − min) / (max − min)`, a constant video gives 0).
    /// Throws `MetricsError.invalidTable` if the table is not in `score` format or is inconsistent.
    public func precomputedScores(minMaxPerVideo: Bool) throws -> [Double] {
        try validate()
        guard format == .score else {
            throw MetricsError.invalidTable("it holds score components, not a precomputed score column")
        }
        let scores = rows.map { $0.score! }
        return minMaxPerVideo ? ScoreNormalization.minMaxScaled(scores, groups: videoIndices) : scores
    }
}
