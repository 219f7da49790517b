@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

/// What a node's done.json records about the kernels comes from the scheduler's `numerics`, which f2lm sets to
/// `NodeNumerics.current` (PortableNumerics); the runner itself records none. That `f2lm run --portable-numerics`
/// records the portable kernels in every node's done.json is tested end to end (`StageFingerprintTests`).
final class RunnerNodeNumericsTests: XCTestCase {
    func testDoneRecordHoldsTheSchedulersNumerics() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let numerics = NodeNumerics(kernels: "test kernels", isPortable: true)
        let summary = try Scheduler(cache: cache, executor: RecordingExecutor(), numerics: { numerics }).run(try sampleGraph())
        XCTAssertTrue(summary.succeeded, summary.description)
        let record = try XCTUnwrap(cache.completionRecord(stage: "generator", key: "g1"))
        XCTAssertEqual(record.kernels, "test kernels")
        XCTAssertEqual(record.portableNumerics, true)
    }

    func testWithoutNumericsNothingIsRecorded() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        _ = try Scheduler(cache: cache, executor: RecordingExecutor()).run(try sampleGraph())
        let record = try XCTUnwrap(cache.completionRecord(stage: "generator", key: "g1"))
        XCTAssertNil(record.kernels)
        XCTAssertNil(record.portableNumerics)
    }
}
