import XCTest
@testable import F2LM
import Metrics
import NN
import TensorCore
import VideoData

final class ModelStagesTests: XCTestCase {
    func environment(_ work: URL, cancelAfter: Int? = nil) -> StageEnvironment {
        let seen = StepCounter()
        return StageEnvironment(threads: 1, workDirectory: work, progress: { step in seen.set(step.step) },
                                isCancelled: { cancelAfter.map { seen.value >= $0 } ?? false })
    }

    func tensors(_ url: URL) throws -> [String: [Float]] {
        try SafeTensors.read(from: url).tensors.mapValues(\.scalars)
    }

    /// 4 steps in one go and 2 steps + cancellation + resume for 2 more give bit-identical weights and log rows.
    func testPhaseOneResumesBitExactly() throws {
        let config = TestConfigurations.small(generatorSteps: 4)
        let data = TestConfigurations.smokeDataset
        let straight = TestConfigurations.temporaryFolder("straight")
        try ModelStages.trainGenerator(config: config, dataset: data, output: straight.appendingPathComponent("out"),
                                       environment: environment(straight.appendingPathComponent("work")))
        let interrupted = TestConfigurations.temporaryFolder("interrupted")
        let work = interrupted.appendingPathComponent("work")
        XCTAssertThrowsError(try ModelStages.trainGenerator(config: config, dataset: data,
                                                            output: interrupted.appendingPathComponent("out"),
                                                            environment: environment(work, cancelAfter: 2))) { error in
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("checkpoint/state.json").path))
        try ModelStages.trainGenerator(config: config, dataset: data, output: interrupted.appendingPathComponent("out"),
                                       environment: environment(work))
        let a = try tensors(straight.appendingPathComponent("out/generator.safetensors"))
        let b = try tensors(interrupted.appendingPathComponent("out/generator.safetensors"))
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        XCTAssertTrue(a.keys.contains("labelConversion.conv1.weight"))
        for (key, value) in a { XCTAssertEqual(value, b[key], "tensor \(key) differs after resumption") }
        func lossColumns(_ url: URL) throws -> [String] {
            try String(contentsOf: url.appendingPathComponent("out/training_log.csv"), encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }
        }
        let straightLog = try lossColumns(straight), resumedLog = try lossColumns(interrupted)
        XCTAssertEqual(straightLog.count, 5)
        XCTAssertEqual(straightLog, resumedLog)
        XCTAssertEqual(straightLog[0], "step,total,intensity,gradient,adversarial,triplet,discriminator")
    }

    /// The checkpoint cadence is not part of any cache key (`train.checkpoint_every` is not identity), which is
    /// only right if it cannot change the result: checkpointing after every step and never (cadence beyond the
    /// step count) give bit-identical generators and logs.
    func testCheckpointCadenceDoesNotChangeTheResult() throws {
        var outputs: [[String: [Float]]] = []
        var logs: [String] = []
        for cadence in [1, 100] {
            var config = TestConfigurations.small(generatorSteps: 4)
            config.train.checkpointEvery = cadence
            let folder = TestConfigurations.temporaryFolder("cadence\(cadence)")
            try ModelStages.trainGenerator(config: config, dataset: TestConfigurations.smokeDataset,
                                           output: folder.appendingPathComponent("out"),
                                           environment: environment(folder.appendingPathComponent("work")))
            outputs.append(try tensors(folder.appendingPathComponent("out/generator.safetensors")))
            logs.append(try String(contentsOf: folder.appendingPathComponent("out/training_log.csv"), encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }.joined(separator: "\n"))
        }
        XCTAssertFalse(outputs[0].isEmpty)
        XCTAssertEqual(Set(outputs[0].keys), Set(outputs[1].keys))
        for (key, value) in outputs[0] { XCTAssertEqual(value, outputs[1][key], "tensor \(key) depends on the cadence") }
        XCTAssertEqual(logs[0], logs[1])
    }

    /// Phase 2 likewise: 4 Destroyer steps straight equal 2 steps + cancellation + 2 resumed steps, bit for bit
    /// (noise and batches are functions of (seed, step)).
    func testPhaseTwoResumesBitExactly() throws {
        var config = TestConfigurations.small(architecture: .ffp, generatorSteps: 1, destroyerSteps: 4)
        config.destroyer.noise = .cd
        let data = TestConfigurations.smokeDataset
        let root = TestConfigurations.temporaryFolder("phase2")
        let generator = root.appendingPathComponent("generator")
        try ModelStages.trainGenerator(config: config, dataset: data, output: generator,
                                       environment: environment(root.appendingPathComponent("wg")))
        try ModelStages.trainDestroyer(config: config, dataset: data, generator: generator,
                                       output: root.appendingPathComponent("straight"),
                                       environment: environment(root.appendingPathComponent("w1")))
        let work = root.appendingPathComponent("w2")
        XCTAssertThrowsError(try ModelStages.trainDestroyer(config: config, dataset: data, generator: generator,
                                                            output: root.appendingPathComponent("resumed"),
                                                            environment: environment(work, cancelAfter: 2)))
        try ModelStages.trainDestroyer(config: config, dataset: data, generator: generator,
                                       output: root.appendingPathComponent("resumed"), environment: environment(work))
        let a = try tensors(root.appendingPathComponent("straight/destroyer.safetensors"))
        let b = try tensors(root.appendingPathComponent("resumed/destroyer.safetensors"))
        XCTAssertFalse(a.isEmpty)
        for (key, value) in a { XCTAssertEqual(value, b[key], "tensor \(key) differs after resumption") }
        let summary = try String(contentsOf: root.appendingPathComponent("resumed/summary.json"), encoding: .utf8)
        XCTAssertTrue(summary.contains("\"resumed_from_step\" : \"2\""), summary)
    }

    func testNonFiniteLossStopsTraining() throws {
        var config = TestConfigurations.small(architecture: .ffp, generatorSteps: 6)
        config.train.lrGenerator = 1e30
        let folder = TestConfigurations.temporaryFolder("nan")
        XCTAssertThrowsError(try ModelStages.trainGenerator(config: config, dataset: TestConfigurations.smokeDataset,
                                                            output: folder.appendingPathComponent("out"),
                                                            environment: environment(folder.appendingPathComponent("work")))) { error in
            guard case ModelStageError.nonFiniteLoss(let stage, let step, _, let value) = error else {
                return XCTFail("expected nonFiniteLoss, got \(error)")
            }
            XCTAssertEqual(stage, "generator")
            XCTAssertGreaterThan(step, 1)
            XCTAssertFalse(value.isFinite)
        }
    }

    /// Smoke scale end to end through the runner's interface: phase 1, phase 2 (background Z_p), scoring, and the
    /// frame predictor; scores.csv has one row per test frame after the first `history` frames, every component.
    func testEndToEndAtSmokeScale() throws {
        var config = TestConfigurations.small(generatorSteps: 3, destroyerSteps: 3)
        config.destroyer.zp = .background
        let data = TestConfigurations.smokeDataset
        let root = TestConfigurations.temporaryFolder("e2e")
        let generator = root.appendingPathComponent("generator"), destroyer = root.appendingPathComponent("destroyer")
        let scores = root.appendingPathComponent("scores"), plain = root.appendingPathComponent("scores-plain")
        try ModelStages.trainGenerator(config: config, dataset: data, output: generator,
                                       environment: environment(root.appendingPathComponent("w1")))
        try ModelStages.trainDestroyer(config: config, dataset: data, generator: generator, output: destroyer,
                                       environment: environment(root.appendingPathComponent("w2")))
        for file in ["destroyer.safetensors", "training_log.csv", "summary.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: destroyer.appendingPathComponent(file).path), file)
        }
        try ModelStages.score(config: config, dataset: data, generator: generator, destroyer: destroyer, output: scores,
                              environment: environment(root.appendingPathComponent("w3")))
        try ModelStages.score(config: config, dataset: data, generator: generator, destroyer: nil, output: plain,
                              environment: environment(root.appendingPathComponent("w4")))
        let dataset = try VideoDataset.load(data.path)
        let expected = dataset.testing.map { $0.frameCount - config.data.history }.reduce(0, +)
        let table = try ScoreTable.read(from: scores.appendingPathComponent("scores.csv"))
        try table.validate()
        XCTAssertEqual(table.rows.count, expected)
        XCTAssertEqual(table.presentComponents, [.labelTriplet, .motionTriplet, .generatorMSE, .destroyerMSE])
        XCTAssertEqual(Set(table.rows.map(\.video)), Set(dataset.testing.map(\.name)))
        XCTAssertEqual(table.rows.first?.frame, config.data.history)
        XCTAssertTrue(table.rows.contains { $0.isAnomalous } && table.rows.contains { !$0.isAnomalous })
        XCTAssertTrue(table.rows.allSatisfy { ($0.generatorMSE ?? -1) >= 0 && ($0.generatorMSE ?? 2) <= 1 })
        let header = try String(contentsOf: scores.appendingPathComponent("scores.csv"), encoding: .utf8)
            .split(separator: "\n")[0]
        XCTAssertEqual(header, "video,frame,label,label_triplet,motion_triplet,generator_mse,destroyer_mse")
        let withoutDestroyer = try ScoreTable.read(from: plain.appendingPathComponent("scores.csv"))
        XCTAssertEqual(withoutDestroyer.presentComponents, [.labelTriplet, .motionTriplet, .generatorMSE])
        XCTAssertEqual(withoutDestroyer.rows.map(\.generatorMSE), table.rows.map(\.generatorMSE))

        let predictor = try FramePredictor(config: config, dataset: data, generator: generator, destroyer: destroyer)
        let frame = try predictor.predict(video: 0, frame: 5)
        XCTAssertEqual(frame.prediction.count, 3 * 16 * 16)
        XCTAssertEqual(frame.destroyed?.count, 3 * 16 * 16)
        XCTAssertEqual(frame.lastInput.count, 3 * 16 * 16)
        let row = table.rows.first { $0.video == predictor.videoNames[0] && $0.frame == 5 }!
        let mse = zip(frame.prediction, frame.real).map { Double(($0 - $1) * ($0 - $1)) / 4 }.reduce(0, +) / Double(3 * 256)
        XCTAssertEqual(row.generatorMSE!, mse, accuracy: 1e-6)
        XCTAssertThrowsError(try predictor.predict(video: 0, frame: 2))

        // The Destroyer's test-time change: written only with a Destroyer; the masked and unmasked pixels of the
        // scored frames split exactly between inside and outside; the overall mean equals the mean of
        // (D(Î) − Î) / 2 over every scored frame, recomputed here frame by frame through the predictor.
        XCTAssertFalse(FileManager.default.fileExists(atPath: plain.appendingPathComponent("destroyer_change.json").path))
        let change = try XCTUnwrap(DestroyerChange.read(from: scores.appendingPathComponent("destroyer_change.json")))
        XCTAssertEqual(change.insidePixels + change.outsidePixels, expected * 16 * 16)
        XCTAssertGreaterThan(change.insidePixels, 0, "the smoke family's test videos have pixel masks")
        var total = 0.0
        for (video, record) in dataset.testing.enumerated() {
            for frame in config.data.history..<record.frameCount {
                let p = try predictor.predict(video: video, frame: frame)
                total += zip(p.destroyed!, p.prediction).map { Double($0 - $1) / 2 }.reduce(0, +) / 3
            }
        }
        let overall = (change.inside! * Double(change.insidePixels) + change.outside! * Double(change.outsidePixels))
            / Double(change.insidePixels + change.outsidePixels)
        XCTAssertEqual(overall, total / Double(expected * 16 * 16), accuracy: 1e-5)
    }

    /// `score.split: validation` scores the family's validation videos (rendered from their own seed stream, never
    /// test videos) with the same trained generator, and leaves nothing but the scores in the artifact.
    func testValidationSplitScoresTheRenderedValidationVideos() throws {
        var config = TestConfigurations.small(generatorSteps: 2)
        config.destroyer.enabled = false
        config.data.synthetic = .smoke  // the smoke dataset's family, scale and seed
        config.data.seed = 7
        let data = TestConfigurations.smokeDataset
        let root = TestConfigurations.temporaryFolder("validation-split")
        let generator = root.appendingPathComponent("generator")
        try ModelStages.trainGenerator(config: config, dataset: data, output: generator,
                                       environment: environment(root.appendingPathComponent("w1")))
        let testScores = root.appendingPathComponent("test"), validationScores = root.appendingPathComponent("validation")
        try ModelStages.score(config: config, dataset: data, generator: generator, destroyer: nil, output: testScores,
                              environment: environment(root.appendingPathComponent("w2")))
        config.score.split = .validation
        try ModelStages.score(config: config, dataset: data, generator: generator, destroyer: nil, output: validationScores,
                              environment: environment(root.appendingPathComponent("w3")))

        var scale = SyntheticScale.smoke
        scale.validationVideos = scale.testVideos
        let planned = SyntheticDatasetWriter(family: .walkway, scale: scale, seed: 7).validationVideos()
        let table = try ScoreTable.read(from: validationScores.appendingPathComponent("scores.csv"))
        try table.validate()
        XCTAssertEqual(table.videos, planned.map(\.name))
        XCTAssertEqual(table.rows.count, planned.map { $0.frameCount - config.data.history }.reduce(0, +))
        for video in planned {
            let labels = table.rows.filter { $0.video == video.name }.map(\.isAnomalous)
            XCTAssertEqual(labels, (config.data.history..<video.frameCount).map { video.frame($0).isAnomalous }, video.name)
        }
        let testVideos = Set(try ScoreTable.read(from: testScores.appendingPathComponent("scores.csv")).videos)
        XCTAssertTrue(testVideos.isDisjoint(with: table.videos), "validation videos are never test videos")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: validationScores.path), ["scores.csv"],
                       "the rendered validation videos are removed once scored")
        // Their generator error is the trained generator's: recomputed through a predictor on the same videos.
        let rendered = root.appendingPathComponent("rendered")
        try SyntheticDatasetWriter(family: .walkway, scale: scale, seed: 7).writeValidation(to: rendered.path)
        let predictor = try FramePredictor(stage: config.destroyerStage,
                                           dataset: try VideoDataset.loadValidation(rendered.path),
                                           generator: generator, destroyer: nil)
        let frame = try predictor.predict(video: 1, frame: 6)
        let mse = zip(frame.prediction, frame.real).map { Double(($0 - $1) * ($0 - $1)) / 4 }.reduce(0, +)
            / Double(frame.prediction.count)
        let row = try XCTUnwrap(table.rows.first { $0.video == planned[1].name && $0.frame == 6 })
        XCTAssertEqual(row.generatorMSE!, mse, accuracy: 1e-6)
    }

    /// The accumulator splits pixels by the mask and averages each side; frames without a mask count as outside.
    func testDestroyerChangeAveragesInsideAndOutsideTheMasks() {
        var accumulator = DestroyerChangeAccumulator()
        accumulator.add(change: [0.1, -0.2, -0.4, 0.0][...], mask: [0, 1, 1, 0])
        accumulator.add(change: [0.3, 0.3][...], mask: nil)
        let result = accumulator.result
        XCTAssertEqual(result.insidePixels, 2)
        XCTAssertEqual(result.outsidePixels, 4)
        XCTAssertEqual(result.inside!, -0.3, accuracy: 1e-12)
        XCTAssertEqual(result.outside!, 0.7 / 4, accuracy: 1e-12)
        XCTAssertNil(DestroyerChangeAccumulator().result.inside)
    }
}

/// A thread-safe step counter for the progress callback.
final class StepCounter: @unchecked Sendable { // guarded by `lock`
    private let lock = NSLock()
    private var current = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return current }
    func set(_ v: Int) { lock.lock(); current = v; lock.unlock() }
}
