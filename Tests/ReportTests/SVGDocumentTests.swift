import Foundation
import XCTest
@testable import Report

final class SVGDocumentTests: XCTestCase {
    func testNumbersAreFixedAndShort() {
        XCTAssertEqual(SVGDocument.number(1.0), "1")
        XCTAssertEqual(SVGDocument.number(2.345678), "2.35")
        XCTAssertEqual(SVGDocument.number(-0.001), "0")
        XCTAssertEqual(SVGDocument.number(10.5), "10.5")
        XCTAssertEqual(SVGDocument.number(0.123456, decimals: 4), "0.1235")
    }

    func testTextIsEscapedAndParses() throws {
        var svg = SVGDocument(width: 100, height: 50)
        svg.text("a < b & \"c\"", x: 10, y: 20)
        let inspector = try XCTUnwrap(SVGInspector.parse(svg.render()))
        XCTAssertEqual(inspector.elements.first { $0.name == "text" }?.text, "a < b & \"c\"")
        XCTAssertEqual(inspector.elements.first?.name, "svg")
        XCTAssertEqual(inspector.elements.first?.attributes["viewBox"], "0 0 100 50")
    }

    func testLinePlotHasAxesTicksLegendAndOnePathPerSeries() throws {
        var plot = LinePlot(title: "Loss <test>", xTitle: "step", yTitle: "loss")
        plot.series = [
            .init(name: "a", points: [.init(0, 1), .init(10, 0.5), .init(20, 0.25)]),
            .init(name: "b", points: [.init(0, 2), .init(10, 1.5), .init(20, 1.2)]),
            .init(name: "c", points: [.init(0, 0.1), .init(20, 0.3)]),
        ]
        plot.shadedRanges = [4.5...8.5]
        let text = plot.document().render()
        let svg = try XCTUnwrap(SVGInspector.parse(text), "the SVG is not well-formed XML")
        let paths = svg.elements.filter { $0.name == "path" }
        XCTAssertEqual(paths.count, 3)
        XCTAssertEqual(svg.elements(withClass: "series").count, 3)
        XCTAssertEqual(Set(paths.compactMap { $0.attributes["stroke"] }).count, 3, "series share a colour")
        XCTAssertEqual(svg.elements(withClass: "x-axis").count, 1)
        XCTAssertEqual(svg.elements(withClass: "y-axis").count, 1)
        XCTAssertEqual(svg.elements(withClass: "shading").count, 1)
        let tickLabels = svg.elements(withClass: "tick-label").map(\.text)
        XCTAssertTrue(tickLabels.contains("0") && tickLabels.contains("20"), "x tick labels: \(tickLabels)")
        XCTAssertTrue(tickLabels.contains("2.0") || tickLabels.contains("2"), "y tick labels: \(tickLabels)")
        let legend = svg.elements(withClass: "legend-text").map(\.text)
        XCTAssertEqual(legend, ["a", "b", "c", "ground-truth anomalous"])
        XCTAssertEqual(svg.elements(withClass: "axis-title").map(\.text), ["step", "loss"])
        XCTAssertEqual(svg.elements(withClass: "title").first?.text, "Loss <test>")
        // Deterministic output.
        XCTAssertEqual(text, plot.document().render())
    }

    func testSeriesStayInsideThePlotArea() throws {
        var plot = LinePlot(title: "t", xTitle: "x", yTitle: "y")
        plot.yRange = 0...1
        plot.series = [.init(name: "s", points: [.init(0, -5), .init(1, 5)])]
        let svg = try XCTUnwrap(SVGInspector.parse(plot.document().render()))
        let data = try XCTUnwrap(svg.elements.first { $0.name == "path" }?.attributes["d"])
        let numbers = data.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
        let ys = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
        for y in ys { XCTAssertTrue(y >= LinePlot.margins.top - 1e-9 && y <= plot.height - LinePlot.margins.bottom + 1e-9) }
    }
}
