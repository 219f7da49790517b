import Experiments
import Foundation
import Metrics

/// A forest plot of one claim over the table's datasets: one line per (dataset, asserted comparison) with the
/// difference Δ = AUC(better) − AUC(worse) in points and its 95% interval (a dot on a horizontal bar), the comparison's
/// minimum detectable difference as a grey band from −MDD to +MDD around 0, and the paper's own Δ as a red diamond.
/// A paper diamond inside the grey band is an effect this design could not have seen.
public struct ClaimForestPlot: Sendable {
    /// One line of the plot.
    public struct Line: Sendable, Equatable {
        /// "walkway (Ped2): λ = 4 − λ = 1".
        public var label: String
        /// Δ (AUC fraction).
        public var estimate: Double
        /// Interval ends (AUC fraction).
        public var lower: Double
        /// Interval ends (AUC fraction).
        public var upper: Double
        /// Minimum detectable difference (AUC fraction).
        public var minimumDetectable: Double
        /// The paper's Δ (AUC fraction), nil when unknown.
        public var paper: Double?
    }

    /// Title: the claim.
    public var title: String
    /// The lines, top to bottom.
    public var lines: [Line]

    /// The plot of `claim` from the table's verdict entries (all datasets of that claim), dataset names from
    /// `displayName`.
    public init(claim: Claim, entries: [TableVerdicts.Entry], displayName: (String) -> String) {
        title = claim.description
        lines = []
        for entry in entries where entry.verdict.claim == claim {
            for (index, difference) in entry.verdict.comparisons.enumerated() {
                let power = index < entry.power.count ? entry.power[index] : nil
                lines.append(Line(label: "\(displayName(entry.dataset)): \(difference.better) − \(difference.worse)"
                                    + " (\(entry.verdict.verdict.rawValue))",
                                  estimate: difference.estimate, lower: difference.lower, upper: difference.upper,
                                  minimumDetectable: difference.minimumDetectable, paper: power?.paperDifference))
            }
        }
    }

    /// The SVG drawing (nil when there is no comparison to draw).
    public func document() -> SVGDocument? {
        guard !lines.isEmpty else { return nil }
        let labelWidth = 330.0
        let plotWidth = 420.0
        let lineHeight = 24.0
        let top = 40.0
        let bottom = 46.0
        let width = labelWidth + plotWidth + 30
        let height = top + Double(lines.count) * lineHeight + bottom
        var values: [Double] = [0]
        for line in lines {
            values += [line.lower * 100, line.upper * 100, line.minimumDetectable * 100, -line.minimumDetectable * 100]
            if let paper = line.paper { values.append(paper * 100) }
        }
        let ticks = NiceTicks(minimum: values.min()!, maximum: values.max()!, targetCount: 6)
        func x(_ points: Double) -> Double {
            labelWidth + (points - ticks.lower) / (ticks.upper - ticks.lower) * plotWidth
        }
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: 10, y: 22, size: 14, weight: "bold")
        let plotBottom = top + Double(lines.count) * lineHeight
        for tick in ticks.values {
            svg.line(x1: x(tick), y1: top - 6, x2: x(tick), y2: plotBottom, stroke: "#e4e4e4")
            svg.text(SVGDocument.number(tick, decimals: ticks.decimals), x: x(tick), y: plotBottom + 16, size: 11,
                     anchor: .middle)
        }
        svg.text("Δ AUC (points): dot = estimate, bar = 95% interval, grey = ±MDD (80% power), ◆ = paper's Δ",
                 x: labelWidth + plotWidth / 2, y: plotBottom + 34, size: 11, anchor: .middle)
        for (index, line) in lines.enumerated() {
            let y = top + (Double(index) + 0.5) * lineHeight
            svg.text(line.label, x: labelWidth - 8, y: y + 4, size: 11, anchor: .end)
            let band = line.minimumDetectable * 100
            svg.rectangle(x: x(-band), y: y - lineHeight * 0.4, width: x(band) - x(-band), height: lineHeight * 0.8,
                          fill: "#cccccc", opacity: 0.6, className: "mdd")
            let color = line.lower > 0 ? "#1a7f37" : (line.upper < 0 ? "#b42318" : "#333333")
            svg.line(x1: x(line.lower * 100), y1: y, x2: x(line.upper * 100), y2: y, stroke: color, width: 2,
                     className: "interval")
            svg.rectangle(x: x(line.estimate * 100) - 3, y: y - 3, width: 6, height: 6, fill: color, className: "estimate")
            if let paper = line.paper {
                let px = x(paper * 100)
                svg.polygon(points: [(px, y - 6), (px + 5, y), (px, y + 6), (px - 5, y)], fill: "#d62728",
                            className: "paper")
            }
        }
        svg.line(x1: x(0), y1: top - 6, x2: x(0), y2: plotBottom, stroke: "#555555", width: 1)
        return svg
    }

    /// Writes one plot per claim of `layout`'s verdicts into `folder/figures/claim_<n>.svg` and returns the report
    /// section's HTML and the files written (relative to `folder`); nil when the table has no tested claim.
    public static func section(layout: PaperTableDescription, folder: URL) throws -> (html: String, files: [String])? {
        guard let verdicts = layout.verdicts, !verdicts.claims.isEmpty else { return nil }
        var claims: [Claim] = []
        for entry in verdicts.claims where !claims.contains(entry.verdict.claim) { claims.append(entry.verdict.claim) }
        func displayName(_ key: String) -> String { layout.datasets.first { $0.key == key }?.displayName ?? key }
        var html: [String] = []
        var files: [String] = []
        for (index, claim) in claims.enumerated() {
            guard let svg = ClaimForestPlot(claim: claim, entries: verdicts.claims, displayName: displayName).document()
            else { continue }
            let name = ReportFigureKind.claim.path("\(index + 1)")
            try svg.write(to: folder.appendingPathComponent(name))
            files.append(name)
            html.append(ReportPage.figure(name, caption: "Claim “\(claim.description)”: each comparison's Δ with its 95% "
                + "interval, the minimum detectable difference as a grey band around 0, the paper's Δ as a red diamond."))
        }
        return files.isEmpty ? nil : (html.joined(separator: "\n"), files)
    }
}
