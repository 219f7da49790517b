import Foundation
import VideoData
import XCTest
@testable import Experiments

/// `f2lm data synth/baseline` describe the runs' videos: sizes and data seed from defaults.yaml + the scale file.
final class ScaleDataSettingsTests: XCTestCase {
    func testDefaultScaleGivesTheRunsVideos() throws {
        let spec = try SpecParser.parse(file: Fixtures.experiments + "/table4_fusion.yaml", options: PlanOptions(scale: "default"))
        let runs = try SpecExpander.expand(spec).runs
        for family in ["walkway", "plaza", "campus"] {
            let settings = try XCTUnwrap(try ScaleDataSettings.synthetic(scale: "default", family: family,
                                                                         experiments: Fixtures.experiments))
            let run = try XCTUnwrap(runs.first { $0.config.data.name.rawValue == family })
            XCTAssertEqual(settings.seed, UInt64(run.config.data.seed), family)
            XCTAssertEqual(settings.scale, run.config.data.synthetic, "\(family): the profile's levers included")
        }
        let plaza = try XCTUnwrap(try ScaleDataSettings.synthetic(scale: "default", family: "plaza", experiments: Fixtures.experiments))
        XCTAssertEqual(plaza.scale.tuning.crowdDensity, 0.25)
        XCTAssertNil(try ScaleDataSettings.synthetic(scale: "no_such_scale", experiments: Fixtures.experiments))
    }

    /// The built-in presets (`f2lm data` without an experiments folder, and the tests' data) are the sizes of the
    /// scale files, so the two cannot drift apart (issue 15).
    func testPresetsEqualTheScaleFiles() throws {
        for name in ["smoke", "default", "paper"] {
            let settings = try XCTUnwrap(try ScaleDataSettings.synthetic(scale: name, experiments: Fixtures.experiments))
            XCTAssertEqual(SyntheticScale.named(name), settings.scale, name)
        }
    }

    /// A dataset.json written before the config and the writer shared one type (camelCase keys) still reads, and a
    /// run's config never writes `validation_videos`.
    func testSyntheticScaleReadsBothSpellings() throws {
        let old = #"{"trainVideos":1,"testVideos":2,"minFrames":24,"maxFrames":30,"frameSize":32,"validationVideos":3}"#
        XCTAssertEqual(try JSONDecoder().decode(SyntheticScale.self, from: Data(old.utf8)),
                       SyntheticScale(trainVideos: 1, testVideos: 2, minFrames: 24, maxFrames: 30, frameSize: 32, validationVideos: 3))
        let text = String(decoding: try JSONEncoder().encode(SyntheticScale.smoke), as: UTF8.self)
        XCTAssertFalse(text.contains("validation"), text)
        XCTAssertEqual(try JSONDecoder().decode(SyntheticScale.self, from: Data(text.utf8)), .smoke)
    }
}
