import Foundation

/// A line chart: several series as paths, optional shaded x-ranges behind them, axes with nice ticks and labels,
/// axis titles, a title and a legend; rendered into an `SVGDocument`.
///
/// Layout: the plotting area is the figure minus fixed margins; the legend sits inside the plot's top-right or
/// bottom-right corner (`legendPosition`). Each series is one `<path class="series">`; axes are
/// `<line class="axis">`, so tests and readers can find them.
public struct LinePlot: Sendable {
    /// One curve.
    public struct Series: Sendable, Equatable {
        /// Equal when name, points, dash, colour and band agree.
        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.points == b.points && a.dash == b.dash && a.color == b.color
                && a.band?.map(\.lower) == b.band?.map(\.lower) && a.band?.map(\.upper) == b.band?.map(\.upper)
        }

        /// Legend text.
        public var name: String
        /// The points in drawing order (x, y) in data units.
        public var points: [Point]
        /// Dash pattern (`"6 3"`) or `nil` for solid; by default from `ColorPalette.dash`.
        public var dash: String?
        /// Colour; by default `ColorPalette.color(index)`.
        public var color: String?
        /// A band drawn behind the curve in its colour (e.g. the range over seeds): per point of `points`, the
        /// band's lower and upper y at the same x; `nil` for none.
        public var band: [(lower: Double, upper: Double)]?

        /// A series named `name` through `points`.
        public init(name: String, points: [Point], dash: String? = nil, color: String? = nil) {
            self.name = name
            self.points = points
            self.dash = dash
            self.color = color
        }
    }

    /// A point in data units.
    public struct Point: Sendable, Equatable {
        /// Horizontal value.
        public var x: Double
        /// Vertical value.
        public var y: Double
        /// The point (`x`, `y`).
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Where the legend box goes.
    public enum LegendPosition: Sendable {
        /// Inside the plot, top-right corner.
        case topRight
        /// Inside the plot, bottom-right corner.
        case bottomRight
        /// Below the plot (for long legends).
        case below
    }

    /// Title above the plot.
    public var title: String
    /// Horizontal axis title.
    public var xTitle: String
    /// Vertical axis title.
    public var yTitle: String
    /// The curves.
    public var series: [Series] = []
    /// Shaded x-intervals drawn behind the curves (for example ground-truth anomalous frames).
    public var shadedRanges: [ClosedRange<Double>] = []
    /// Legend text of the shading, shown when there are shaded ranges.
    public var shadingName: String = "ground-truth anomalous"
    /// Fixed x range, or `nil` to fit the data with nice ticks.
    public var xRange: ClosedRange<Double>?
    /// Fixed y range, or `nil` to fit the data with nice ticks.
    public var yRange: ClosedRange<Double>?
    /// Draw the diagonal y = x (chance line of a ROC plot).
    public var showsDiagonal = false
    /// Legend placement.
    public var legendPosition: LegendPosition = .topRight
    /// Figure width in pixels.
    public var width: Double = 640
    /// Figure height in pixels (the plotting area; a `.below` legend adds rows under it).
    public var height: Double = 400

    /// A plot with titles and no series.
    public init(title: String, xTitle: String, yTitle: String) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    /// Margins around the plotting area: left, right, top, bottom.
    static let margins = (left: 64.0, right: 20.0, top: 36.0, bottom: 52.0)
    static let fontSize = 13.0
    static let legendRowHeight = 18.0

    /// The figure as an SVG document.
    public func document() -> SVGDocument {
        let xs = series.flatMap { $0.points.map(\.x) } + shadedRanges.flatMap { [$0.lowerBound, $0.upperBound] }
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let xTicks = xRange.map { NiceTicks(minimum: $0.lowerBound, maximum: $0.upperBound) }
            ?? NiceTicks(minimum: xs.min() ?? 0, maximum: xs.max() ?? 1, targetCount: 6)
        let yTicks = yRange.map { NiceTicks(minimum: $0.lowerBound, maximum: $0.upperBound) }
            ?? NiceTicks(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1)
        let xLow = xRange?.lowerBound ?? xTicks.lower
        let xHigh = xRange?.upperBound ?? xTicks.upper
        let yLow = yRange?.lowerBound ?? yTicks.lower
        let yHigh = yRange?.upperBound ?? yTicks.upper

        let m = Self.margins
        let legendEntries = series.map(\.name) + (shadedRanges.isEmpty ? [] : [shadingName])
        let belowRows = legendPosition == .below ? Double(legendEntries.count) * Self.legendRowHeight + 8 : 0
        var svg = SVGDocument(width: width, height: height + belowRows)
        let left = m.left
        let right = width - m.right
        let top = m.top
        let bottom = height - m.bottom
        func px(_ x: Double) -> Double { left + (x - xLow) / Swift.max(xHigh - xLow, 1e-12) * (right - left) }
        func py(_ y: Double) -> Double { bottom - (y - yLow) / Swift.max(yHigh - yLow, 1e-12) * (bottom - top) }

        svg.text(title, x: width / 2, y: 22, size: 15, anchor: .middle, weight: "bold", className: "title")
        // Shading first, so curves draw over it.
        for range in shadedRanges {
            let x0 = Swift.max(px(range.lowerBound), left)
            let x1 = Swift.min(px(range.upperBound), right)
            guard x1 > x0 else { continue }
            svg.rectangle(x: x0, y: top, width: x1 - x0, height: bottom - top, fill: ColorPalette.shading,
                          opacity: 0.25, className: "shading")
        }
        // Grid and ticks.
        for value in yTicks.values where value >= yLow - 1e-9 && value <= yHigh + 1e-9 {
            let y = py(value)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: ColorPalette.grid, width: 1, className: "grid")
            svg.line(x1: left - 5, y1: y, x2: left, y2: y, stroke: ColorPalette.axis, className: "tick")
            svg.text(yTicks.label(value), x: left - 8, y: y + 4, size: Self.fontSize - 1, anchor: .end,
                     fill: ColorPalette.axis, className: "tick-label")
        }
        for value in xTicks.values where value >= xLow - 1e-9 && value <= xHigh + 1e-9 {
            let x = px(value)
            svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: ColorPalette.grid, width: 1, className: "grid")
            svg.line(x1: x, y1: bottom, x2: x, y2: bottom + 5, stroke: ColorPalette.axis, className: "tick")
            svg.text(xTicks.label(value), x: x, y: bottom + 19, size: Self.fontSize - 1, anchor: .middle,
                     fill: ColorPalette.axis, className: "tick-label")
        }
        if showsDiagonal {
            svg.line(x1: px(Swift.max(xLow, yLow)), y1: py(Swift.max(xLow, yLow)),
                     x2: px(Swift.min(xHigh, yHigh)), y2: py(Swift.min(xHigh, yHigh)),
                     stroke: "#999999", width: 1, dash: "4 4", className: "diagonal")
        }
        // Bands behind the curves (class "band"), clipped like the curves.
        for (index, item) in series.enumerated() {
            guard let band = item.band, band.count == item.points.count, !band.isEmpty else { continue }
            func clamp(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
                (Swift.min(Swift.max(px(x), left), right), Swift.min(Swift.max(py(y), top), bottom))
            }
            let upper = zip(item.points, band).map { clamp($0.x, $1.upper) }
            let lower = zip(item.points, band).reversed().map { clamp($0.x, $1.lower) }
            svg.polygon(points: upper + lower, fill: item.color ?? ColorPalette.color(index), opacity: 0.15,
                        className: "band")
        }
        // Curves, clipped to the plot by clamping (ranges are fitted to the data unless fixed).
        for (index, item) in series.enumerated() {
            let points = item.points.filter { $0.x.isFinite && $0.y.isFinite }.map {
                (x: Swift.min(Swift.max(px($0.x), left), right), y: Swift.min(Swift.max(py($0.y), top), bottom))
            }
            svg.path(points: points, stroke: item.color ?? ColorPalette.color(index), width: 2,
                     dash: item.dash ?? ColorPalette.dash(index), className: "series", title: item.name)
        }
        // Axes.
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: ColorPalette.axis, width: 1.5, className: "axis x-axis")
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: ColorPalette.axis, width: 1.5, className: "axis y-axis")
        svg.text(xTitle, x: (left + right) / 2, y: bottom + 40, size: Self.fontSize, anchor: .middle,
                 className: "axis-title")
        svg.text(yTitle, x: 16, y: (top + bottom) / 2, size: Self.fontSize, anchor: .middle, rotation: -90,
                 className: "axis-title")
        drawLegend(into: &svg, entries: legendEntries, left: left, right: right, top: top, bottom: bottom)
        return svg
    }

    private func drawLegend(into svg: inout SVGDocument, entries: [String], left: Double, right: Double,
                            top: Double, bottom: Double) {
        guard !entries.isEmpty else { return }
        let row = Self.legendRowHeight
        let longest = entries.map(\.count).max() ?? 0
        let boxWidth = Swift.min(Double(longest) * 7.2 + 44, right - left)
        let boxHeight = Double(entries.count) * row + 8
        let x0: Double
        let y0: Double
        switch legendPosition {
        case .topRight: (x0, y0) = (right - boxWidth - 8, top + 8)
        case .bottomRight: (x0, y0) = (right - boxWidth - 8, bottom - boxHeight - 8)
        case .below: (x0, y0) = (left, height - 6)
        }
        svg.rectangle(x: x0, y: y0, width: boxWidth, height: boxHeight, fill: "#ffffff", opacity: 0.85,
                      stroke: "#bbbbbb", className: "legend")
        for (index, name) in entries.enumerated() {
            let y = y0 + 4 + row * (Double(index) + 0.5)
            if index < series.count {
                svg.line(x1: x0 + 8, y1: y, x2: x0 + 32, y2: y, stroke: series[index].color ?? ColorPalette.color(index),
                         width: 2.5, dash: series[index].dash ?? ColorPalette.dash(index), className: "legend-key")
            } else {
                svg.rectangle(x: x0 + 8, y: y - 6, width: 24, height: 12, fill: ColorPalette.shading, opacity: 0.25,
                              className: "legend-key")
            }
            svg.text(name, x: x0 + 38, y: y + 4.5, size: Self.fontSize - 1, className: "legend-text")
        }
    }
}
