import CSV
@testable import Experiments
import Foundation
import XCTest

final class ResultsRunsCSVTests: XCTestCase {
    static func sampleRuns() -> RunsCSV {
        RunsCSV(records: [
            RunsCSV.Record(spec: "table4_fusion", row: "SE, λ=\"2\"", dataset: "walkway", seed: 0,
                           parameters: [.init("fusion", "se"), .init("destroyer.lambda", "2")],
                           auc: 0.9625, eer: 0.105, aucLabelTriplet: 0.71, aucMotionTriplet: 0.625,
                           aucGeneratorMSE: 0.9, aucDestroyerMSE: 0.95,
                           stageSeconds: ["dataset": 1.5, "generator": 120.25, "destroyer": 60, "scores": 3, "evaluation": 0.01],
                           runHash: "ab12", status: .done),
            RunsCSV.Record(spec: "table4_fusion", row: "Add\nsecond line", dataset: "street", seed: 1,
                           parameters: [.init("fusion", "add"), .init("noise", "CD")],
                           stageSeconds: ["dataset": 2], runHash: "cd34", status: .failed),
        ])
    }

    func testColumnsAreStableAndParametersKeepFirstAppearanceOrder() {
        let runs = Self.sampleRuns()
        let header = runs.render().split(separator: "\n").first.map(String.init)
        XCTAssertEqual(header, "spec,row,dataset,seed,fusion,destroyer.lambda,noise,auc,eer,auc_label_triplet,"
                       + "auc_motion_triplet,auc_generator_mse,auc_destroyer_mse,destroyer_difficulty_clean,destroyer_difficulty_noised,"
                       + "destroyer_change_inside,destroyer_change_outside,label_triplet_zero,motion_triplet_zero,"
                       + "seconds_dataset,seconds_generator,"
                       + "seconds_destroyer,seconds_scores,seconds_evaluation,run_hash,status")
        // Finishing a run (metrics filled in) does not move any column.
        var later = runs
        later.records[1].auc = 0.5
        later.records[1].status = .done
        XCTAssertEqual(later.columns, runs.columns)
    }

    func testRendersQuotedFieldsAndRoundTrips() throws {
        let runs = Self.sampleRuns()
        let text = runs.render()
        XCTAssertTrue(text.contains("table4_fusion,\"SE, λ=\"\"2\"\"\",walkway,0,se,2,,0.962500,0.105000,0.710000,"
                                    + "0.625000,0.900000,0.950000,,,,,,,1.500,120.250,60.000,3.000,0.010,ab12,done\n"), text)
        XCTAssertTrue(text.contains("table4_fusion,\"Add\nsecond line\",street,1,add,,CD,,,,,,,,,,,,,2.000,,,,,cd34,failed\n"), text)
        let back = try RunsCSV.parse(text, file: "runs.csv")
        XCTAssertEqual(back, runs)

        let folder = makeScratchFolder(self)
        let url = RunsCSV.url(results: folder, spec: "table4_fusion")
        try runs.write(to: url)
        XCTAssertEqual(try RunsCSV.read(from: url), runs)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        XCTAssertEqual(leftovers, ["runs.csv"], "the temporary file of the atomic write must be gone")
    }

    func testErrorsNameFileAndLine() {
        let header = RunsCSV(records: []).render()
        let good = "t,r,walkway,0,0.9,,,,,,,,,,,,,,,,,h,done\n"
        XCTAssertThrowsError(try RunsCSV.parse(header + good + "t,r,walkway,0,0.9\n", file: "A.csv")) {
            XCTAssertEqual("\($0)", "A.csv:3: expected 23 fields, found 5")
        }
        XCTAssertThrowsError(try RunsCSV.parse(header + "t,\"multi\nline\",walkway,x,,,,,,,,,,,,,,,,,,h,done\n", file: "B.csv")) {
            XCTAssertEqual("\($0)", "B.csv:2: seed 'x' is not an integer")
        }
        XCTAssertThrowsError(try RunsCSV.parse(header + "t,\"a\nb\",w,0,,,,,,,,,,,,,,,,,,h,done\n" + "t,r,w,0,0.9,,,,,,,,,,,,,,,,,h,finished\n",
                                               file: "C.csv")) {
            XCTAssertEqual("\($0)", "C.csv:4: status 'finished' is not one of done, failed, skipped, pending")
        }
        XCTAssertThrowsError(try RunsCSV.parse(header + "t,r,w,0,high,,,,,,,,,,,,,,,,,h,done\n", file: "D.csv")) {
            XCTAssertEqual("\($0)", "D.csv:2: column auc: 'high' is not a number")
        }
        XCTAssertThrowsError(try RunsCSV.parse("spec,row\n", file: "E.csv")) {
            XCTAssertEqual(($0 as? CSVError)?.line, 1)
        }
        XCTAssertThrowsError(try RunsCSV.parse(header + "t,\"open,w,0\n", file: "F.csv")) {
            XCTAssertEqual("\($0)", "F.csv:2: column 2: a quoted field is never closed")
        }
    }
}
