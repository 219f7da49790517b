import Foundation
import XCTest
import FuzzTargets

/// Replays the committed fuzz corpus through each reader, as `make fuzz` feeds it: the seeds
/// (`Tests/FuzzCorpus/<target>/*`, small valid files) must read as values; every input a fuzzer found crashing
/// (`Tests/FuzzCorpus/<target>/crashes/*`, kept after its fix) must now end in a named error — a trap would
/// kill this test process.
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
        for target in FuzzTarget.allCases {
            for input in files(Self.corpus.appendingPathComponent(target.rawValue).appendingPathComponent("crashes")) {
                let outcome = target.run([UInt8](try Data(contentsOf: input)), in: workspace)
                if case .unnamedError(let text) = outcome {
                    XCTFail("\(target.rawValue) \(input.lastPathComponent): \(text)")
                }
            }
        }
    }
}
