@testable import Experiments
import F2LM
import Foundation
import VideoData
import XCTest
@testable import YAML

final class RunConfigDecodingTests: XCTestCase {
    func testDefaultsFileIsThePapersConfiguration() throws {
        let tree = try ConfigFileLoader.load(Fixtures.experiments + "/defaults.yaml")
        let config = try SpecExpander.decode(tree)
        XCTAssertEqual(config, RunConfig.paperDefaults)
        XCTAssertEqual(config.validate(), [])
        // Table 10 spot checks.
        XCTAssertEqual(config.model.alpha, 0.2)
        XCTAssertEqual(config.destroyer.lambda, 4)
        XCTAssertEqual(config.destroyer.patchSize, 32)
        XCTAssertEqual(config.destroyer.noise, .ci)
        XCTAssertEqual(config.destroyer.zp, .zero)
        XCTAssertEqual(config.loss.deltaAdv, 0.05)
        XCTAssertEqual(config.destroyer.noiseRate, RateRange(lo: 0.05, hi: 0.5))
    }

    func testEveryEncodedKeyIsAStageTaggedParameter() throws {
        // The parameter list (which drives hashing and stage keys) must cover every field of RunConfig.
        // The family levers are written only away from their neutral values (dataset.json stays as it was), so the
        // config encoded here has them all moved.
        var config = RunConfig.paperDefaults
        config.data.synthetic.tuning = FamilyTuning(actorScale: 2, anomalySpeed: 2, crowdDensity: 2, anomalyKinds: ["running"])
        let data = try JSONEncoder().encode(config)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var leaves: [String] = []
        func walk(_ value: Any, _ path: String) {
            if let dictionary = value as? [String: Any] {
                for (key, child) in dictionary { walk(child, path.isEmpty ? key : "\(path).\(key)") }
            } else {
                leaves.append(path)
            }
        }
        walk(object, "")
        let parameterKeys = Set(RunConfig.paperDefaults.parameters.map(\.key))
        // `data.root` is nil in the defaults, so JSON leaves it out; everything else must match exactly.
        XCTAssertEqual(Set(leaves), parameterKeys.subtracting(["data.root"]))
        XCTAssertEqual(RunConfig.paperDefaults.parameters.count, parameterKeys.count, "a key is listed twice")
    }

    func testStageTagsFollowTheDocumentedRules() {
        let stages = Dictionary(uniqueKeysWithValues: RunConfig.paperDefaults.parameters.map { ($0.key, $0.stage) })
        XCTAssertEqual(stages["data.resolution"], .dataset)
        XCTAssertEqual(stages["data.seed"], .dataset)
        XCTAssertEqual(stages["seed"], .generator)
        XCTAssertEqual(stages["model.alpha"], .generator)
        XCTAssertEqual(stages["train.generator_steps"], .generator)
        XCTAssertEqual(stages["destroyer.lambda"], .destroyer)
        XCTAssertEqual(stages["train.destroyer_steps"], .destroyer)
        XCTAssertEqual(stages["train.lr_destroyer"], .destroyer)
        XCTAssertEqual(stages["score.gamma"], .evaluation)
        XCTAssertEqual(stages["score.normalize"], .evaluation)
        XCTAssertEqual(stages["score.split"], .scores, "which videos are scored: the scores stage's only own key")
        XCTAssertEqual(stages.filter { $0.value == .scores }.count, 1)
    }

    func testNumberSpellingsDecodeToTheSameValue() throws {
        for spelling in ["4", "4.0", "4e0", "40e-1"] {
            let node = try YAMLParser.parse("x: \(spelling)", file: "n.yaml")
            XCTAssertEqual(try YAMLDecoder().decode([String: Double].self, from: node)["x"], 4)
        }
        // An integer field accepts an integral real, not a fractional one or a quoted string.
        XCTAssertEqual(try YAMLDecoder().decode([String: Int].self, from: YAMLParser.parse("x: 4.0", file: "n.yaml"))["x"], 4)
        XCTAssertThrowsError(try YAMLDecoder().decode([String: Int].self, from: YAMLParser.parse("x: 4.5", file: "n.yaml")))
        XCTAssertThrowsError(try YAMLDecoder().decode([String: Int].self, from: YAMLParser.parse("x: '4'", file: "n.yaml")))
    }

    func testGammaAcceptsSearch() throws {
        let node = try YAMLParser.parse("gamma: search\nnormalize: global\nsmoothing: 0\nweight_scale: authors\ncomponent_order: paper\nsplit: test\n",
                                        file: "g.yaml")
        let score = try YAMLDecoder().decode(ScoreConfig.self, from: node)
        XCTAssertEqual(score.gamma, .search)
        XCTAssertEqual(score.normalize, .global)
    }

    func testEffectivePatchSizeScalesWithResolution() {
        var destroyer = RunConfig.paperDefaults.destroyer
        XCTAssertEqual(destroyer.effectivePatchSize(resolution: 256), 32)
        XCTAssertEqual(destroyer.effectivePatchSize(resolution: 32), 4)
        destroyer.patchSize = 128
        XCTAssertEqual(destroyer.effectivePatchSize(resolution: 32), 16)
    }
}
