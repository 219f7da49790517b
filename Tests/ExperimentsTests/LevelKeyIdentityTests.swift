import F2LM
import XCTest
@testable import Experiments

/// Keys added after results were committed (issue 30: `data.labels`, the family levers `data.synthetic.*`) leave a
/// run's identity and stage keys untouched at their default value, and count like any key away from it.
final class LevelKeyIdentityTests: XCTestCase {
    func run(_ overrides: [String]) throws -> PlannedRun {
        try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [plaza]\n",
                            options: PlanOptions(scale: "smoke", overrides: overrides)).runs[0]
    }

    func testNewKeysAtTheirDefaultDoNotEnterIdentity() throws {
        let base = try run([])
        XCTAssertEqual(base.config.data.labels, .onehot)
        for key in ["data.labels", "data.synthetic.actor_scale", "data.synthetic.anomaly_speed",
                    "data.synthetic.crowd_density", "data.synthetic.anomaly_kinds"] {
            XCTAssertFalse(base.config.canonicalForm.contains(key + "="), key)
        }
        let spelled = try run(["data.labels=onehot", "data.synthetic.actor_scale=1.0", "data.synthetic.anomaly_kinds=[]"])
        XCTAssertEqual(spelled.hash, base.hash)
        XCTAssertEqual(spelled.stageKeys, base.stageKeys)
    }

    func testNewKeysAwayFromTheirDefaultChangeTheDatasetStageAndTheHash() throws {
        let base = try run([])
        var seen: Set<String> = [base.hash]
        for override in ["data.labels=scores", "data.synthetic.actor_scale=1.3", "data.synthetic.anomaly_speed=1.5",
                         "data.synthetic.crowd_density=0.5", "data.synthetic.anomaly_kinds=[running, throwing]"] {
            let changed = try run([override])
            XCTAssertTrue(seen.insert(changed.hash).inserted, override)
            XCTAssertNotEqual(changed.stageKeys.dataset, base.stageKeys.dataset, override)
            XCTAssertTrue(changed.config.canonicalForm.contains(override.split(separator: "=")[0] + "="), override)
        }
    }

    func testScoreLabelsEnlargeTheMemoryEstimateOfTrainingAndScoring() throws {
        let onehot = try run([]).config
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
