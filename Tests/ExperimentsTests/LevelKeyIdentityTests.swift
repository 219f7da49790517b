import F2LM
import VideoData
import XCTest
@testable import Experiments

/// Keys added after results were committed (issue 30: `data.labels`, the family levers `data.synthetic.*`) leave a
/// run's identity and stage keys untouched at the value every run had before them (one-hot maps, neutral levers),
/// and count like any key away from it — `data.labels: scores`, now the default, included.
final class LevelKeyIdentityTests: XCTestCase {
    func run(_ overrides: [String], dataset: String = "plaza") throws -> PlannedRun {
        try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [\(dataset)]\n",
                            options: PlanOptions(scale: "smoke", overrides: overrides)).runs[0]
    }

    /// The values every run had before these keys existed: one-hot label maps and neutral levers.
    static let legacy = ["data.labels=onehot", "data.synthetic.actor_scale=1", "data.synthetic.anomaly_speed=1",
                         "data.synthetic.crowd_density=1", "data.synthetic.anomaly_kinds=[]"]

    func testNewKeysAtTheirLegacyValueDoNotEnterIdentity() throws {
        let base = try run(Self.legacy)
        XCTAssertEqual(base.config.data.labels, .onehot)
        for key in ["data.labels", "data.synthetic.actor_scale", "data.synthetic.anomaly_speed",
                    "data.synthetic.crowd_density", "data.synthetic.anomaly_kinds"] {
            XCTAssertFalse(base.config.canonicalForm.contains(key + "="), key)
        }
        let spelled = try run(["data.labels=onehot", "data.synthetic.actor_scale=1.0", "data.synthetic.anomaly_speed=1.0",
                               "data.synthetic.crowd_density=1.0", "data.synthetic.anomaly_kinds=[]"])
        XCTAssertEqual(spelled.hash, base.hash)
        XCTAssertEqual(spelled.stageKeys, base.stageKeys)
    }

    /// Issue 30: scores are the default label input, and the plaza and walkway profiles carry their calibrated
    /// levers; campus is the family as first committed.
    func testDefaultsAreScoresAndTheCalibratedFamilies() throws {
        let plaza = try run([]).config
        XCTAssertEqual(plaza.data.labels, .scores)
        XCTAssertTrue(plaza.canonicalForm.contains("data.labels=\"scores\""), plaza.canonicalForm)
        XCTAssertEqual(plaza.data.synthetic.tuning.crowdDensity, 0.25)
        XCTAssertEqual(plaza.data.synthetic.tuning.anomalySpeed, 2.5)
        XCTAssertEqual(plaza.data.synthetic.tuning.actorScale, 1.3)
        XCTAssertEqual(try run([], dataset: "walkway").config.data.synthetic.tuning.anomalyKinds.count, 3)
        XCTAssertEqual(try run([], dataset: "campus").config.data.synthetic.tuning, FamilyTuning())
    }

    func testNewKeysAwayFromTheirLegacyValueChangeTheDatasetStageAndTheHash() throws {
        let base = try run(Self.legacy)
        var seen: Set<String> = [base.hash]
        for override in ["data.labels=scores", "data.synthetic.actor_scale=1.3", "data.synthetic.anomaly_speed=1.5",
                         "data.synthetic.crowd_density=0.5", "data.synthetic.anomaly_kinds=[running, throwing]"] {
            let key = String(override.split(separator: "=")[0])
            let changed = try run(Self.legacy.filter { !$0.hasPrefix(key + "=") } + [override])
            XCTAssertTrue(seen.insert(changed.hash).inserted, override)
            XCTAssertNotEqual(changed.stageKeys.dataset, base.stageKeys.dataset, override)
            XCTAssertTrue(changed.config.canonicalForm.contains(key + "="), override)
        }
    }

    func testScoreLabelsEnlargeTheMemoryEstimateOfTrainingAndScoring() throws {
        let onehot = try run(["data.labels=onehot"]).config
        let scores = try run(["data.labels=scores"]).config
        for stage in [PipelineStage.generator, .scores] {
            let a = NodeMemoryEstimate(stage: stage, config: onehot), b = NodeMemoryEstimate(stage: stage, config: scores)
            XCTAssertGreaterThan(b.dataBytes, a.dataBytes, "\(stage)")
            XCTAssertGreaterThan(b.parameterBytes, a.parameterBytes, "\(stage): 84 label-encoder input channels instead of 24")
        }
    }

    func testBadLeverValuesAreRejectedWithTheirKey() {
        for (override, key) in [("data.labels=logits", "data.labels"), ("data.synthetic.actor_scale=0", "data.synthetic.actor_scale"),
                                ("data.synthetic.anomaly_kinds=[juggling]", "data.synthetic.anomaly_kinds")] {
            XCTAssertThrowsError(try run([override]), override) { error in
                XCTAssertTrue("\(error)".contains(key), "\(error)")
            }
        }
        XCTAssertThrowsError(try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [campus]\n",
                                                 options: PlanOptions(scale: "smoke", overrides: ["data.synthetic.anomaly_kinds=[wrong_direction]"])))
    }
}
