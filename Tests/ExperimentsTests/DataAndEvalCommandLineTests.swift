import Foundation
import TestSupport
import XCTest

/// `f2lm eval` and `f2lm data` as a user calls them (the real binary, built with the tests: `BuiltProducts`): typed
/// flags that name the allowed values, the parser's own detail for a malformed γ or split, and one error format
/// (`error: <file>: <problem>`, exit status 1) for files that cannot be used.
final class DataAndEvalCommandLineTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        try F2LMCommand.requireBuilt()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("f2lm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Four videos of 20 frames, frames 8–13 anomalous; the label triplet and generator MSE see them.
        var csv = "video,frame,label,label_triplet,motion_triplet,generator_mse,destroyer_mse\n"
        for video in ["01", "02", "03", "04"] {
            for frame in 0..<20 {
                let label = (8..<14).contains(frame) ? 1 : 0
                let wobble = Double((frame * 7 + video.count * 3) % 10) / 10
                csv += "\(video),\(frame),\(label),\(Double(label) + wobble),\(wobble),\(Double(label) + 0.5 * wobble),\n"
            }
        }
        try csv.write(to: folder.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Runs `f2lm ARGUMENTS` in the test folder; returns the exit status and stdout + stderr.
    func f2lm(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try F2LMCommand.run(arguments, in: folder)
    }

    func testEvalReadsTypedFlags() throws {
        let fixed = try f2lm(["eval", "--scores", "scores.csv", "--gamma", "1,1,1,0", "--normalize", "global"])
        XCTAssertEqual(fixed.status, 0, fixed.output)
        XCTAssertTrue(fixed.output.contains("components standardised global"), fixed.output)
        XCTAssertTrue(fixed.output.contains("AUC "), fixed.output)
        let searched = try f2lm(["eval", "--scores", "scores.csv", "--gamma", "search", "--split", "half:3",
                                 "--normalize", "per_video"])
        XCTAssertEqual(searched.status, 0, searched.output)
        XCTAssertTrue(searched.output.contains("(search)"), searched.output)
    }

    func testEvalFlagErrorsNameTheFlagAndWhatIsWrong() throws {
        let gamma = try f2lm(["eval", "--scores", "scores.csv", "--gamma", "1,2"])
        XCTAssertNotEqual(gamma.status, 0)
        XCTAssertTrue(gamma.output.contains("'--gamma"), gamma.output)
        XCTAssertTrue(gamma.output.contains("expected four comma-separated numbers"), gamma.output)
        let split = try f2lm(["eval", "--scores", "scores.csv", "--split", "half:abc"])
        XCTAssertNotEqual(split.status, 0)
        XCTAssertTrue(split.output.contains("'--split") && split.output.contains("not 'alternate' or 'half:SEED'"), split.output)
        let scope = try f2lm(["eval", "--scores", "scores.csv", "--normalize", "nearby"])
        XCTAssertNotEqual(scope.status, 0)
        XCTAssertTrue(scope.output.contains("'per-video' and 'global'"), scope.output)
    }

    func testUnusableFilesAreReportedInOneFormat() throws {
        let missing = try f2lm(["eval", "--scores", "missing.csv"])
        XCTAssertEqual(missing.status, 1, missing.output)
        XCTAssertTrue(missing.output.hasPrefix("error: ") && missing.output.contains("missing.csv: cannot read the file"),
                      missing.output)
        let dataset = try f2lm(["data", "check", "no-such-dataset"])
        XCTAssertEqual(dataset.status, 1, dataset.output)
        XCTAssertTrue(dataset.output.hasPrefix("error: no-such-dataset"), dataset.output)
    }

    func testDataFlagsListTheirValues() throws {
        let family = try f2lm(["data", "baseline", "--family", "harbour"])
        XCTAssertNotEqual(family.status, 0)
        XCTAssertTrue(family.output.contains("'all', 'walkway', 'plaza' or 'campus'"), family.output)
        let split = try f2lm(["data", "baseline", "--split", "train"])
        XCTAssertNotEqual(split.status, 0)
        XCTAssertTrue(split.output.contains("'test' and 'validation'"), split.output)
        let synth = try f2lm(["data", "synth", "--family", "harbour", "--out", "x"])
        XCTAssertNotEqual(synth.status, 0)
        XCTAssertTrue(synth.output.contains("'walkway', 'plaza' or 'campus'"), synth.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    }
}
