import Foundation
import JobRunner
import Metrics

/// `f2lm plan --power results/<spec> --delta D`: from a finished results folder's variance components, the seeds and
/// test videos a new run needs to resolve an AUC difference of D points.
///
/// For every dataset and every comparison the table tests (each claim's asserted comparisons and each row against
/// the reference row), the paired difference's variance components (`PairedDifferenceInterval`) give its current
/// minimum detectable difference and, by `RequiredDesign`, the smallest design (fewest videos from the current count
/// up, then fewest seeds) whose interval would exclude 0 with 80% power at 95% for a true difference of D. The last
/// line per dataset is the smallest design that resolves D in every comparison at once.
public struct PowerPlan: Sendable {
    /// One comparison on one dataset.
    public struct Line: Sendable, Equatable {
        /// Dataset key.
        public var dataset: String
        /// The difference as analysed now.
        public var difference: AUCDifference
        /// Design resolving the target, nil when out of reach.
        public var required: RequiredDesign?
    }

    /// Spec name.
    public let spec: String
    /// Target difference (AUC fraction).
    public let delta: Double
    /// Lines in table order.
    public let lines: [Line]
    /// Dataset key → the smallest design resolving the target in every comparison (nil: out of reach).
    public let overall: [(dataset: String, design: RequiredDesign?)]

    /// Reads `folder` (runs.csv, video_pairs.json, table.json). Throws `CacheError` naming a missing or unreadable
    /// file, or when no comparison has per-video data.
    public init(folder: URL, delta: Double) throws {
        precondition(delta > 0, "a positive difference")
        let layoutURL = PaperTable.layoutURL(in: folder)
        guard FileManager.default.fileExists(atPath: layoutURL.path) else {
            throw CacheError.io(path: layoutURL.path, message: "no table.json: run `f2lm tables` on the finished results first")
        }
        let layout = try PaperTableDescription.read(from: layoutURL)
        let runsURL = folder.appendingPathComponent("runs.csv")
        guard FileManager.default.fileExists(atPath: runsURL.path) else {
            throw CacheError.io(path: runsURL.path, message: "no runs.csv in the results folder")
        }
        let records = try RunsCSV.read(from: runsURL).records
        let pairs = try VideoPairsFile.read(from: VideoPairsFile.url(in: folder))
        var comparisons: [(better: String, worse: String)] = []
        func add(_ pair: (better: String, worse: String)) {
            // A pair and its reverse have the same components: keep the first spelling.
            if !comparisons.contains(where: { Set([$0.better, $0.worse]) == Set([pair.better, pair.worse]) }) {
                comparisons.append(pair)
            }
        }
        for claim in layout.claims ?? [] { claim.comparisons(allRows: layout.rows).forEach(add) }
        if let reference = layout.reference {
            for row in layout.rows where row != reference { add((row, reference)) }
        }
        var lines: [Line] = []
        var overall: [(dataset: String, design: RequiredDesign?)] = []
        for dataset in layout.datasets {
            let runs = TableVerdicts.seedRuns(records.filter { $0.spec == layout.spec && $0.dataset == dataset.key },
                                              pairs: pairs)
            var components: [CrossedVarianceComponents] = []
            for (better, worse) in comparisons {
                guard let a = runs[better], let b = runs[worse],
                      let difference = try? PairedDifferenceInterval().difference(better: better, a, worse: worse, b)
                else { continue }
                components.append(difference.components)
                lines.append(Line(dataset: dataset.key, difference: difference,
                                  required: RequiredDesign(resolving: delta, components: difference.components)))
            }
            if !components.isEmpty {
                overall.append((dataset.key, RequiredDesign(resolving: delta, every: components)))
            }
        }
        guard !lines.isEmpty else {
            throw CacheError.io(path: VideoPairsFile.url(in: folder).path,
                                message: "no comparison has finished runs with per-video pair counts")
        }
        spec = layout.spec
        self.delta = delta
        self.lines = lines
        self.overall = overall
    }

    /// The printed report.
    public func render() -> String {
        func points(_ value: Double) -> String { String(format: "%.2f", value * 100) }
        var text = "Power plan for \(spec): seeds and test videos to resolve Δ = \(String(format: "%.2f", delta * 100)) "
            + "AUC points (95% interval excludes 0 with 80% power), from this run's variance components (points; "
            + "σ = standard deviation of a per-(seed, video) contribution to the difference). Search: up to "
            + "\(RequiredDesign.maxSeeds) seeds and \(RequiredDesign.maxVideos) test videos.\n\n"
        let header = ["dataset", "comparison", "now", "σ seed", "σ video", "σ seed×video", "MDD now", "needed"]
        var rows: [[String]] = []
        for line in lines {
            let c = line.difference.components
            rows.append([line.dataset, "\(line.difference.better) − \(line.difference.worse)",
                         "\(c.seeds) × \(c.videos)", points(c.seedVariance.squareRoot()),
                         points(c.videoVariance.squareRoot()), points(c.interactionVariance.squareRoot()),
                         points(line.difference.minimumDetectable), RequiredDesign.text(line.required)])
        }
        for (dataset, design) in overall {
            rows.append([dataset, "every comparison", "", "", "", "", "", RequiredDesign.text(design)])
        }
        var widths = header.map(\.count)
        for row in rows { for (i, field) in row.enumerated() { widths[i] = max(widths[i], field.count) } }
        func format(_ fields: [String]) -> String {
            fields.enumerated().map { i, field in field + String(repeating: " ", count: widths[i] - field.count) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        text += format(header) + "\n" + rows.map(format).joined(separator: "\n") + "\n"
        return text
    }
}
