import CSV
import Foundation
import XCTest
import FuzzTargets

/// Replays the committed fuzz corpus through each reader, as `make fuzz` feeds it: the seeds
/// (`Tests/FuzzCorpus/<target>/*`, small valid files) must read as values; every input a fuzzer found crashing
/// (`Tests/FuzzCorpus/<target>/crashes/*`, kept after its fix) must now end in a named error — a trap would
/// kill this test process, an error naming no file fails the test as it stops `make fuzz`.
final class FuzzCorpusReplayTests: XCTestCase {
    private static let corpus = FuzzWorkspace.repositoryRoot.appendingPathComponent("Tests/FuzzCorpus", isDirectory: true)

    private func files(_ folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    func testEverySeedReadsAsAValue() throws {
        let workspace = try FuzzWorkspace()
        for target in FuzzTarget.allCases {
            let seeds = files(Self.corpus.appendingPathComponent(target.rawValue))
            XCTAssertFalse(seeds.isEmpty, "no seed for fuzz target \(target.rawValue)")
            for seed in seeds {
                let outcome = target.run([UInt8](try Data(contentsOf: seed)), in: workspace)
                guard case .value = outcome else {
                    XCTFail("\(target.rawValue) seed \(seed.lastPathComponent): \(outcome)")
                    continue
                }
            }
        }
    }

    func testEveryCrashFoundEndsInANamedError() throws {
        let workspace = try FuzzWorkspace()
        var replayed = 0
        for target in FuzzTarget.allCases {
            let folder = Self.corpus.appendingPathComponent(target.rawValue).appendingPathComponent("crashes")
            let inputs = files(folder)
            if FileManager.default.fileExists(atPath: folder.path) {
                XCTAssertFalse(inputs.isEmpty, "\(folder.path) holds no input: remove it or commit the crash it was made for")
            }
            for input in inputs {
                let outcome = target.run([UInt8](try Data(contentsOf: input)), in: workspace)
                replayed += 1
                guard case .rejected(let message) = outcome else {
                    XCTFail("\(target.rawValue) \(input.lastPathComponent): expected a named error, got \(outcome)")
                    continue
                }
                XCTAssertFalse(message.isEmpty, "\(target.rawValue) \(input.lastPathComponent): an empty message")
            }
        }
        // The crashes committed so far (image 2, mat 4, npy 2, runs-csv 1, safetensors 1, spec 3, video 1): the replay must
        // not shrink to nothing unnoticed.
        XCTAssertGreaterThanOrEqual(replayed, 14, "crash inputs replayed")
    }

    /// `make fuzz` stopped on runs-csv's first input, an empty file, because the driver judged the CSV reader's
    /// error unnamed: an empty runs.csv must end in the CSV reader's error naming the file and line 1.
    func testAnEmptyRunsCSVIsANamedErrorNamingTheFile() throws {
        let outcome = FuzzTarget.runsCSV.run([], in: try FuzzWorkspace())
        guard case .rejected(let message) = outcome else { return XCTFail("expected a named error, got \(outcome)") }
        XCTAssertTrue(message.contains("runs.csv:1:"), message)
        XCTAssertTrue(message.contains("empty file"), message)
    }

    /// What the driver counts as named: the project's error types (the CSV reader's among them); a Foundation or
    /// Swift error is not.
    func testOnlyProjectErrorsAreNamed() {
        guard case .rejected = FuzzOutcome(error: CSVError(file: "f.csv", line: 1, message: "bad")) else {
            return XCTFail("CSVError must count as a named error")
        }
        let decoding = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad"))
        guard case .unnamedError(let text) = FuzzOutcome(error: decoding) else {
            return XCTFail("DecodingError must count as an unnamed error")
        }
        XCTAssertTrue(text.contains("DecodingError"), text)
    }
}
