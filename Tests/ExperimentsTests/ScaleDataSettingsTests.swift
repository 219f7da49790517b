import Foundation
import XCTest
@testable import Experiments

/// `f2lm data synth/baseline` describe the runs' videos: sizes and data seed from defaults.yaml + the scale file.
final class ScaleDataSettingsTests: XCTestCase {
    func testDefaultScaleGivesTheRunsVideos() throws {
        let settings = try XCTUnwrap(try ScaleDataSettings.synthetic(scale: "default", experiments: Fixtures.experiments))
        let spec = try SpecParser.parse(file: Fixtures.experiments + "/table4_fusion.yaml", options: PlanOptions(scale: "default"))
        let run = try XCTUnwrap(SpecExpander.expand(spec).runs.first)
        XCTAssertEqual(settings.seed, UInt64(run.config.data.seed))
        XCTAssertEqual(settings.scale.testVideos, run.config.data.synthetic.testVideos)
        XCTAssertEqual(settings.scale.trainVideos, run.config.data.synthetic.trainVideos)
        XCTAssertEqual(settings.scale.maxFrames, run.config.data.synthetic.maxFrames)
        XCTAssertEqual(settings.scale.frameSize, run.config.data.synthetic.frameSize)
        XCTAssertNil(try ScaleDataSettings.synthetic(scale: "no_such_scale", experiments: Fixtures.experiments))
    }
}
