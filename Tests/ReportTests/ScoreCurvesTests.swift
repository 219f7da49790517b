import Metrics
import XCTest
@testable import Report

final class ScoreCurvesTests: XCTestCase {
    /// Video "a": frames 0…5, anomalous 2…3, the Destroyer MSE peaks on the anomaly while the generator MSE does not.
    func table(destroyer: Bool = true) -> ScoreTable {
        let labels = [false, false, true, true, false, false]
        let generator = [0.1, 0.2, 0.3, 0.2, 0.4, 0.1]
        let destroyerValues = [0.1, 0.1, 0.9, 0.8, 0.1, 0.2]
        var rows: [ScoreRow] = []
        for frame in (0..<6).reversed() {  // rows out of order on purpose
            rows.append(ScoreRow(video: "a", frame: frame, isAnomalous: labels[frame], generatorMSE: generator[frame],
                                 destroyerMSE: destroyer ? destroyerValues[frame] : nil))
        }
        rows.append(ScoreRow(video: "b", frame: 0, isAnomalous: false, generatorMSE: 0.1, destroyerMSE: destroyer ? 0.1 : nil))
        rows.append(ScoreRow(video: "b", frame: 1, isAnomalous: true, generatorMSE: 0.3, destroyerMSE: destroyer ? 0.2 : nil))
        return ScoreTable(rows: rows)
    }

    func testCurvesPerVideoWithAndWithoutTheDestroyer() throws {
        let curves = try ScoreCurves(table: table(), weights: .equal, normalization: .perVideo)
        XCTAssertEqual(curves.videos.map(\.name), ["a", "b"])
        let a = curves.videos[0]
        XCTAssertEqual(a.frames, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(a.anomalousRanges, [1.5...3.5])
        let without = try XCTUnwrap(a.withoutDestroyer)
        // Without the Destroyer the score is the min-max scaled generator MSE: its maximum is frame 4 (normal).
        // (Min-max divides by range + 1e-8, the authors' guard, so the maximum is 1 − O(1e-8).)
        XCTAssertEqual(without[4], 1, accuracy: 1e-7)
        XCTAssertEqual(without[0], 0, accuracy: 1e-12)
        // With it the anomalous frame 2 is the most anomalous.
        XCTAssertEqual(a.extremeFrames.mostAnomalous, 2)
        XCTAssertEqual(a.withDestroyer.max()!, 1, accuracy: 1e-7)
        XCTAssertEqual(curves.videos[1].anomalousRanges, [0.5...1.5])
    }

    func testNoDestroyerComponentGivesOneCurve() throws {
        let curves = try ScoreCurves(table: table(destroyer: false), weights: .equal, normalization: .perVideo)
        XCTAssertNil(curves.videos[0].withoutDestroyer)
        let svg = try XCTUnwrap(SVGInspector.parse(curves.videos[0].plot(title: "a").document().render()))
        XCTAssertEqual(svg.elements(withClass: "series").count, 1)
        // The legend says what the score holds: no Destroyer is named for a run without one (an FFP row).
        let plot = curves.videos[0].plot(title: "a")
        XCTAssertEqual(plot.series.map(\.name), ["run's score: generator MSE"])
        let withDestroyer = try ScoreCurves(table: table(), weights: .equal, normalization: .perVideo)
        XCTAssertEqual(withDestroyer.videos[0].plot(title: "a").series.map(\.name),
                       ["run's score: generator MSE + Destroyer MSE", "same without the Destroyer term (γ4 = 0)"])
    }

    func testPlotHasTwoPathsAndShading() throws {
        let curves = try ScoreCurves(table: table(), weights: .equal, normalization: .global)
        let svg = try XCTUnwrap(SVGInspector.parse(curves.videos[0].plot(title: "video a").document().render()))
        XCTAssertEqual(svg.elements(withClass: "series").count, 2)
        XCTAssertEqual(svg.elements(withClass: "shading").count, 1)
        XCTAssertEqual(svg.elements(withClass: "x-axis").count, 1)
    }
}
