import Foundation
import TestSupport
import XCTest

/// `f2lm run` at the smoke scale (the real binary, built with the tests: `BuiltProducts`) writes TensorBoard logs
/// under `<cache>/tensorboard/`, and the `tensorboard` package's own reader finds every training node's curves and
/// panels and every evaluated run's HParams session with the values the cache holds.
final class SmokeRunTensorBoardTests: XCTestCase {
    static let repository = TensorBoardEventReader.repository

    override func setUpWithError() throws {
        try F2LMCommand.requireBuilt()
    }

    /// Runs `f2lm run ARGUMENTS` in `folder`; returns its exit status and output.
    func f2lm(_ arguments: [String], folder: URL) throws -> (status: Int32, output: String) {
        try F2LMCommand.run(["run"] + arguments, in: folder)
    }

    /// The artifact folders of a stage in the cache (those with `done.json`).
    func artifacts(_ cache: URL, stage: String) throws -> [URL] {
        let folder = cache.appendingPathComponent(stage)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("done.json").path) }
    }

    func lossColumn(_ artifact: URL, column: Int) throws -> [Double] {
        try String(contentsOf: artifact.appendingPathComponent("training_log.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[column])! }
    }

    func testSmokeRunLogsScalarsImagesAndHParams() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("f2lm-tb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cache = folder.appendingPathComponent("cache")
        let arguments = [Self.repository.appendingPathComponent("experiments/table8_lambda.yaml").path,
                         "--scale", "smoke", "--where", "dataset=walkway", "--jobs", "2", "--threads", "2",
                         "--cache", cache.path, "--results", folder.appendingPathComponent("results").path,
                         "--tensorboard-images-every", "2"]
        let first = try f2lm(arguments, folder: folder)
        XCTAssertEqual(first.status, 0, first.output)
        let logdir = cache.appendingPathComponent("tensorboard")
        let reader = try TensorBoardEventReader(logdir: logdir)
        let names = reader.runs.keys.sorted()

        // One generator run (6 λ rows share it), six Destroyer runs, six HParams sessions and the experiment.
        let generatorRuns = names.filter { $0.hasPrefix("generator_walkway_seed_0_") }
        let destroyerRuns = names.filter { $0.hasPrefix("destroyer_walkway_seed_0_table8_lambda_") }
        let sessions = names.filter { $0.hasPrefix("hparams/evaluation_walkway_seed_0_table8_lambda_") }
        XCTAssertEqual(generatorRuns.count, 1, "\(names)")
        XCTAssertEqual(destroyerRuns.count, 6, "\(names)")
        XCTAssertEqual(sessions.count, 6, "\(names)")
        XCTAssertEqual(names.count, 1 + 6 + 6 + 1, "\(names)")

        // Generator: each loss, both learning rates and the speed at steps 1…4, loss values as in training_log.csv.
        let generatorArtifact = try XCTUnwrap(try artifacts(cache, stage: "generator").first)
        let generator = try XCTUnwrap(reader.runs[generatorRuns[0]])
        XCTAssertEqual(generatorRuns[0].suffix(8), generatorArtifact.lastPathComponent.prefix(8))
        for tag in ["loss/total", "loss/intensity", "loss/gradient", "loss/adversarial", "loss/triplet",
                    "loss/discriminator", "learning_rate/generator", "learning_rate/discriminator", "speed/steps_per_second"] {
            XCTAssertEqual(generator.scalars[tag]?.map(\.step), [1, 2, 3, 4], tag)
        }
        for (index, column) in ["total", "intensity", "gradient", "adversarial", "triplet", "discriminator"].enumerated() {
            let expected = try lossColumn(generatorArtifact, column: index + 1)
            let logged = generator.scalars["loss/\(column)"]?.map(\.value) ?? []
            XCTAssertEqual(logged.count, expected.count)
            for (a, b) in zip(logged, expected) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b)), column) }
        }
        // Smoke frames are 32 × 32: tiles enlarged 3×, four of them with 2-pixel gaps.
        XCTAssertEqual(generator.images["panel"]?.map(\.step), [2, 4])
        XCTAssertEqual(generator.images["panel"]?.first?.width, 4 * 96 + 3 * 2)
        XCTAssertEqual(generator.images["panel"]?.first?.height, 96)

        // Destroyers: loss, mean diff_p, learning rate and speed at steps 1…4; a three-tile panel.
        for name in destroyerRuns {
            let run = try XCTUnwrap(reader.runs[name])
            for tag in ["loss/total", "diff_p/mean", "learning_rate/destroyer", "speed/steps_per_second"] {
                XCTAssertEqual(run.scalars[tag]?.map(\.step), [1, 2, 3, 4], "\(name) \(tag)")
            }
            XCTAssertEqual(run.images["panel"]?.map(\.step), [2, 4], name)
            XCTAssertEqual(run.images["panel"]?.first?.width, 3 * 96 + 2 * 2, name)
        }

        // HParams: each session's λ and its AUC/EER as its record.json has them; the experiment lists the grid.
        var lambdas: [Double] = []
        for evaluation in try artifacts(cache, stage: "evaluation") {
            let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: evaluation
                .appendingPathComponent("record.json"))) as? [String: Any])
            let metrics = try XCTUnwrap(record["metrics"] as? [String: Any])
            let name = try XCTUnwrap(sessions.first { $0.hasSuffix(evaluation.lastPathComponent.prefix(8)) }, "\(sessions)")
            let session = try XCTUnwrap(reader.runs[name])
            let start = try XCTUnwrap(session.hparams["_hparams_/session_start_info"]?["session_start_info"] as? [String: Any])
            let hparams = try XCTUnwrap(start["hparams"] as? [String: Any])
            XCTAssertEqual(hparams["data.name"] as? String, "walkway")
            lambdas.append(try XCTUnwrap(hparams["destroyer.lambda"] as? Double))
            let end = session.hparams["_hparams_/session_end_info"]?["session_end_info"] as? [String: Any]
            XCTAssertEqual(end?["status"] as? String, "STATUS_SUCCESS")
            XCTAssertEqual(session.scalars["auc"]?.map(\.step), [0])
            XCTAssertEqual(session.scalars["auc"]?.first?.value ?? -1, metrics["auc"] as? Double ?? 0, accuracy: 1e-6)
            XCTAssertEqual(session.scalars["eer"]?.first?.value ?? -1, metrics["eer"] as? Double ?? 0, accuracy: 1e-6)
            let components = try XCTUnwrap(metrics["componentAUCs"] as? [String: Double])
            XCTAssertFalse(components.isEmpty)
            for (component, auc) in components {
                XCTAssertEqual(session.scalars["auc_component/\(component)"]?.first?.value ?? -1, auc, accuracy: 1e-6, component)
            }
        }
        XCTAssertEqual(lambdas.sorted(), [1, 2, 3, 4, 5, 6])
        let experiment = try XCTUnwrap(reader.runs["hparams"]?.hparams["_hparams_/experiment"]?["experiment"] as? [String: Any])
        let infos = try XCTUnwrap(experiment["hparam_infos"] as? [[String: Any]])
        let lambda = try XCTUnwrap(infos.first { $0["name"] as? String == "destroyer.lambda" })
        XCTAssertEqual(lambda["type"] as? String, "DATA_TYPE_FLOAT64")
        XCTAssertEqual((lambda["domain_discrete"] as? [Any])?.compactMap { $0 as? Double }, [1, 2, 3, 4, 5, 6])
        let metricTags = (experiment["metric_infos"] as? [[String: Any]] ?? []).compactMap { ($0["name"] as? [String: Any])?["tag"] as? String }
        XCTAssertTrue(Set(["auc", "eer", "auc_component/destroyer_mse"]).isSubset(of: Set(metricTags)), "\(metricTags)")

        // Running again reuses every node: nothing is logged twice.
        let second = try f2lm(arguments, folder: folder)
        XCTAssertEqual(second.status, 0, second.output)
        let again = try TensorBoardEventReader(logdir: logdir)
        XCTAssertEqual(again.runs[generatorRuns[0]]?.scalars["loss/total"]?.map(\.step), [1, 2, 3, 4])

        // --no-tensorboard writes nothing; --tensorboard DIR writes there.
        let off = folder.appendingPathComponent("cache-off")
        var offArguments = arguments
        offArguments[offArguments.firstIndex(of: cache.path)!] = off.path
        XCTAssertEqual(try f2lm(offArguments + ["--where", "destroyer.lambda=1", "--no-tensorboard"], folder: folder).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: off.appendingPathComponent("tensorboard").path))
    }
}
