import F2LM
import XCTest
@testable import Experiments

final class IdentityTests: XCTestCase {
    func run(_ text: String, options: PlanOptions = PlanOptions(scale: "smoke")) throws -> PlannedRun {
        try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [walkway]\n" + text, options: options).runs[0]
    }

    func testKeyOrderAndNumberSpellingDoNotChangeTheHash() throws {
        let a = try run("set: {destroyer.lambda: 4, model.alpha: 0.2, train.lr_generator: 0.0001}\n")
        let b = try run("set: {train.lr_generator: 1e-4, model.alpha: 2.0e-1, destroyer.lambda: 4e0}\n")
        let c = try run("set: {destroyer: {lambda: 4.0}, model: {alpha: 0.20}}\n")
        let d = try run("")
        XCTAssertEqual(a.hash, b.hash)
        XCTAssertEqual(a.hash, c.hash)
        XCTAssertEqual(a.hash, d.hash)
        XCTAssertEqual(a.stageKeys, b.stageKeys)
        XCTAssertEqual(a.hash.count, 64)
    }

    func testLabelsAndPathsAreLeftOutOfTheHash() throws {
        let labelled = try Fixtures.expand("""
        name: other_name
        extends: [defaults.yaml]
        datasets: [walkway]
        variants: [{label: "Some label", set: {}}]
        """).runs[0]
        XCTAssertEqual(labelled.hash, try run("").hash)
        var config = labelled.config
        config.data.root = "/some/where"
        XCTAssertEqual(config.identityHash, labelled.hash)
        // How often a node checkpoints changes nothing it computes (resumption is bit-exact), so neither the run
        // hash nor any stage key reads it: a run re-planned with another cadence finds its cached nodes.
        config = labelled.config
        config.train.checkpointEvery += 7
        XCTAssertEqual(config.identityHash, labelled.hash)
        XCTAssertEqual(config.stageKeys, labelled.stageKeys)
    }

    func testEveryParameterChangeChangesTheHash() throws {
        let base = try run("")
        var seen: Set<String> = [base.hash]
        // One changed value per identity parameter of RunConfig (checked complete below).
        let changes: [String: String] = [
            "data.name": "plaza", "data.resolution": "64", "data.color": "false", "data.history": "3",
            "data.seed": "7", "data.synthetic.train_videos": "3", "data.synthetic.test_videos": "3",
            "data.synthetic.min_frames": "20", "data.synthetic.max_frames": "30", "data.synthetic.frame_size": "48",
            "model.architecture": "ffp", "model.width": "6", "model.encoders": "[frame, motion]", "model.ftc": "false",
            "model.fusion": "add", "model.alpha": "0.5", "model.se_reduction": "4", "loss.delta_int": "2",
            "loss.delta_gd": "2", "loss.delta_adv": "0.1", "loss.delta_tri": "2", "train.generator_steps": "5",
            "train.batch": "3", "train.lr_generator": "0.001", "train.lr_discriminator": "0.001",
            "train.weight_decay": "0", "seed": "1", "destroyer.enabled": "false",
            "destroyer.noise": "cd", "destroyer.noise_rate": "[0.1, 0.5]", "destroyer.dropout_rate": "[0.05, 0.4]",
            "destroyer.patch_size": "64", "destroyer.lambda": "3", "destroyer.zp": "background",
            "destroyer.ssim_window": "7", "destroyer.ssim_sigma": "1", "train.destroyer_steps": "5",
            "train.lr_destroyer": "0.001", "score.gamma": "[1, 1, 1, 1]", "score.normalize": "global",
            "destroyer.ssim_range": "unit", "destroyer.loss_reduction": "pixel_sum", "score.smoothing": "10",
            "score.weight_scale": "literal", "score.component_order": "authors_code", "score.split": "validation", "model.triplet_distance": "channel", "model.fusion_input": "normalized",
            "model.initialization": "truncated_normal", "loss.gradient_edges": "crop", "data.labels": "onehot",
        ]
        let identityKeys = Set(RunConfig.paperDefaults.parameters.filter(\.isIdentity).map(\.key))
        XCTAssertEqual(Set(changes.keys), identityKeys)
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
            var overrides = ["\(key)=\(value)"]
            if key == "model.architecture" { overrides += ["model.encoders=[frame]", "model.ftc=false"] }
            let changed = try run("", options: PlanOptions(scale: "smoke", overrides: overrides))
            XCTAssertTrue(seen.insert(changed.hash).inserted, "changing \(key) did not give a new hash")
        }
    }

    func testStageKeysChangeOnlyFromTheStageThatReadsTheParameter() throws {
        let base = try run("")
        let lambda = try run("set: {destroyer.lambda: 2}\n")
        XCTAssertEqual(lambda.stageKeys.dataset, base.stageKeys.dataset)
        XCTAssertEqual(lambda.stageKeys.generator, base.stageKeys.generator)
        XCTAssertNotEqual(lambda.stageKeys.destroyer, base.stageKeys.destroyer)
        XCTAssertNotEqual(lambda.stageKeys.scores, base.stageKeys.scores)
        XCTAssertNotEqual(lambda.stageKeys.evaluation, base.stageKeys.evaluation)

        let gamma = try run("set: {score.gamma: [0.5, 0.5, 0.5, 0.5]}\n")
        XCTAssertEqual(gamma.stageKeys.generator, base.stageKeys.generator)
        XCTAssertEqual(gamma.stageKeys.destroyer, base.stageKeys.destroyer)
        XCTAssertEqual(gamma.stageKeys.scores, base.stageKeys.scores)
        XCTAssertNotEqual(gamma.stageKeys.evaluation, base.stageKeys.evaluation)

        let alpha = try run("set: {model.alpha: 0.5}\n")
        XCTAssertEqual(alpha.stageKeys.dataset, base.stageKeys.dataset)
        XCTAssertNotEqual(alpha.stageKeys.generator, base.stageKeys.generator)
        XCTAssertNotEqual(alpha.stageKeys.destroyer, base.stageKeys.destroyer)

        let seed = try run("seeds: [1]\n")
        XCTAssertEqual(seed.stageKeys.dataset, base.stageKeys.dataset)
        XCTAssertNotEqual(seed.stageKeys.generator, base.stageKeys.generator)

        let data = try run("set: {data.synthetic.train_videos: 3}\n")
        XCTAssertNotEqual(data.stageKeys.dataset, base.stageKeys.dataset)
    }

    func testDisabledDestroyerKeyIgnoresDestroyerParametersButTheRunHashDoesNot() throws {
        let off = try run("set: {destroyer.enabled: false}\n")
        let offOtherLambda = try run("set: {destroyer.enabled: false, destroyer.lambda: 2}\n")
        XCTAssertEqual(off.stageKeys, offOtherLambda.stageKeys)
        XCTAssertNotEqual(off.hash, offOtherLambda.hash)
    }

    /// Both spellings of the plain FFP U-Net (ffp; f2lm with the frame encoder alone, FTC off as validation requires) have one
    /// generator key, and so one trained generator; the runs keep their own hashes, and F2LM with a second encoder,
    /// or an FFP-equivalent run with another generator key (the width), keeps its own generator.
    func testEveryFramePredictionSpellingSharesOneGenerator() throws {
        let ffp = try run("set: {model.architecture: ffp, model.encoders: [frame], model.ftc: false}\n")
        let frameOnly = try run("set: {model.encoders: [frame], model.ftc: false}\n")
        XCTAssertEqual(frameOnly.stageKeys.generator, ffp.stageKeys.generator)
        XCTAssertEqual(frameOnly.stageKeys.scores, ffp.stageKeys.scores)
        XCTAssertNotEqual(frameOnly.hash, ffp.hash)
        let withLabels = try run("set: {model.encoders: [frame, label], model.ftc: false}\n")
        XCTAssertNotEqual(withLabels.stageKeys.generator, ffp.stageKeys.generator)
        let wider = try run("set: {model.encoders: [frame], model.ftc: false, model.width: 16}\n")
        XCTAssertNotEqual(wider.stageKeys.generator, ffp.stageKeys.generator)
    }
}
