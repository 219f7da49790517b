import Foundation
import XCTest
import Metrics

final class ScoreTableCSVTests: XCTestCase {
    func testComponentTableRoundTripsExactlyThroughAFile() throws {
        let table = ScoreTable(rows: [
            ScoreRow(video: "01", frame: 4, isAnomalous: false, labelTriplet: 0.1, generatorMSE: 1e-5, destroyerMSE: 0.3),
            ScoreRow(video: "01", frame: 5, isAnomalous: true, labelTriplet: 0.2 + 0.1, generatorMSE: 0.123456789012345678,
                     destroyerMSE: -2.5),
            ScoreRow(video: "walk, \"north\"", frame: 4, isAnomalous: true, labelTriplet: 7, generatorMSE: 3.0e-300,
                     destroyerMSE: 1),
        ])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-roundtrip-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try table.write(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix(
            "video,frame,label,label_triplet,motion_triplet,generator_mse,destroyer_mse\n01,4,0,0.1,,1e-05,0.3\n"), text)
        XCTAssertTrue(text.contains("\"walk, \"\"north\"\"\",4,1,"), text)
        let back = try ScoreTable.read(from: url)
        XCTAssertEqual(back, table)
        XCTAssertEqual(back.presentComponents, [.labelTriplet, .generatorMSE, .destroyerMSE])
    }

    func testScoreTableRoundTrip() throws {
        let table = ScoreTable(rows: [
            ScoreRow(video: "Test001", frame: 0, isAnomalous: false, score: 0.25),
            ScoreRow(video: "Test001", frame: 1, isAnomalous: true, score: 0.75),
        ])
        let text = table.csvText()
        XCTAssertEqual(text, "video,frame,label,score\nTest001,0,0,0.25\nTest001,1,1,0.75\n")
        XCTAssertEqual(try ScoreTable(csv: text, file: "s.csv"), table)
    }

    func testAnotherToolsCSVWithReorderedColumnsCRLFAndBOM() throws {
        let text = "\u{FEFF}Score,Video,Frame,Label\r\n0.9, v1 ,3,1\r\n\r\n0.1,v1,4,0\r\n0.5,v2,3,true\r\n"
        let table = try ScoreTable(csv: text, file: "other.csv")
        XCTAssertEqual(table.format, .score)
        XCTAssertEqual(table.rows, [
            ScoreRow(video: "v1", frame: 3, isAnomalous: true, score: 0.9),
            ScoreRow(video: "v1", frame: 4, isAnomalous: false, score: 0.1),
            ScoreRow(video: "v2", frame: 3, isAnomalous: true, score: 0.5),
        ])
    }

    func testQuotedFieldWithLineBreakKeepsLineNumbers() throws {
        // The record starting on line 3 spans lines 3–4; the bad label on the next record is on line 5.
        let text = "video,frame,label,score\na,0,0,0.1\n\"b\nc\",0,1,0.2\nd,0,2,0.3\n"
        XCTAssertThrowsError(try ScoreTable(csv: text, file: "q.csv")) { error in
            XCTAssertEqual("\(error)", "q.csv:5: column 3 'label': expected 0 (normal) or 1 (anomalous), found '2'")
        }
        let good = try ScoreTable(csv: "video,frame,label,score\n\"b\nc\",0,1,0.2\n", file: "q.csv")
        XCTAssertEqual(good.rows.first?.video, "b\nc")
    }

    func testErrorsNameFileLineAndColumn() {
        let header = "video,frame,label,label_triplet,motion_triplet,generator_mse,destroyer_mse\n"
        let cases: [(String, String)] = [
            (header + "01,0,0,0.1,,0.2,\n01,1,1,0.3,,abc,\n",
             "f.csv:3: column 6 'generator_mse': expected a finite number, found 'abc'"),
            (header + "01,0,0,0.1,,0.2,\n01,1,1,nan,,0.2,\n",
             "f.csv:3: column 4 'label_triplet': expected a finite number, found 'nan'"),
            (header + "01,0,0,0.1,,0.2,\n01,-1,1,0.1,,0.2,\n",
             "f.csv:3: column 2 'frame': expected a non-negative integer frame index, found '-1'"),
            (header + "01,0,0,0.1,,0.2\n",
             "f.csv:2: expected 7 fields as in the header, found 6"),
            (header + "01,0,0,0.1,,0.2,\n02,0,1,0.1,,,\n",
             "f.csv:3: column 6 'generator_mse': empty here but has a value on line 2; a component must be present "
                + "on every row or none"),
            (header + "01,0,0,0.1,,0.2,\n\n01,0,1,0.1,,0.3,\n",
             "f.csv:4: video '01' frame 0 appears again (first on line 2)"),
            (header + ",0,0,0.1,,0.2,\n", "f.csv:2: column 1 'video': empty video id"),
            ("video,frame,lable,score\n", "f.csv:1: column 3 'lable': unknown column; accepted columns are video, frame, "
                + "label, label_triplet, motion_triplet, generator_mse, destroyer_mse, score"),
            ("video,frame,score\n", "f.csv:1: column 'label': missing required column (the header must contain video, "
                + "frame and label)"),
            ("video,frame,label,score,generator_mse\n", "f.csv:1: column 5 'generator_mse': a table has either a score "
                + "column or component columns, not both"),
            ("video,frame,label,score,Score\n", "f.csv:1: column 5 'Score': duplicate column"),
            ("video,frame,label\n", "f.csv:1: no score column and no component column (label_triplet, motion_triplet, "
                + "generator_mse, destroyer_mse)"),
            ("video,frame,label,score\n", "f.csv:1: the header is not followed by any row"),
            ("", "f.csv:1: the file is empty; expected a header line video,frame,label,… and one line per frame"),
            ("video,frame,label,score\n01,0,1,\n", "f.csv:2: column 4 'score': empty score"),
            ("video,frame,label,score\n01,0,1,0.5\n\"02,0,0,0.1\n", "f.csv:3: column 1: a quoted field is never closed"),
            ("video,frame,label,score\n01,0,1,0.5\n0\"2,0,0,0.1\n",
             "f.csv:3: column 1: a quote inside an unquoted field (quote the whole field and double inner quotes)"),
            (header + "01,0,0,,,,\n", "f.csv:1: every component cell is empty"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try ScoreTable(csv: text, file: "f.csv"), expected) { error in
                XCTAssertTrue(error is ScoreTableError, "\(error)")
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    func testErrorCarriesStructuredPosition() {
        XCTAssertThrowsError(try ScoreTable(csv: "video,frame,label,score\n01,0,1,0.5\n01,1,yes,0.2\n", file: "x.csv")) {
            error in
            let csvError = error as? ScoreTableError
            XCTAssertEqual(csvError?.file, "x.csv")
            XCTAssertEqual(csvError?.line, 3)
            XCTAssertEqual(csvError?.column, "label")
            XCTAssertEqual(csvError?.columnNumber, 3)
        }
    }

    func testMissingFileIsAnErrorNamingIt() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID())/scores.csv")
        XCTAssertThrowsError(try ScoreTable.read(from: url)) { error in
            XCTAssertTrue("\(error)".hasPrefix(url.path + ": cannot read the file"), "\(error)")
        }
    }
}
