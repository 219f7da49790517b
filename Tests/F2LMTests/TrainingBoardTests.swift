import Foundation
import XCTest
import F2LM
import TestSupport

/// The TensorBoard log of the training phases, read back by the `tensorboard` package's own reader.
final class TrainingBoardTests: XCTestCase {
    func environment(_ work: URL, board: URL, cancelAfter: Int? = nil) -> StageEnvironment {
        let seen = StepCounter()
        return StageEnvironment(threads: 1, workDirectory: work, progress: { step in seen.set(step.step) },
                                isCancelled: { cancelAfter.map { seen.value >= $0 } ?? false },
                                tensorBoard: TensorBoardRun(directory: board, imageEvery: 2))
    }

    /// The training log's rows as (step, [loss columns]).
    func logRows(_ folder: URL) throws -> [(step: Int, losses: [Double])] {
        try String(contentsOf: folder.appendingPathComponent("training_log.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { row in
                let cells = row.split(separator: ",").map { Double($0)! }
                return (Int(cells[0]), Array(cells.dropFirst().dropLast()))
            }
    }

    /// Phase 1 killed after step 3 with its checkpoint at step 2, then resumed: the log holds steps 1…5 once
    /// each, with the values of the final training log (the resumed steps 3… replace the lost ones), the panel
    /// at steps 2, 4 and 5 (every 2 steps and the last), and learning rates and speed every step.
    func testResumedGeneratorLogsEveryStepOnce() throws {
        let config = TestConfigurations.small(generatorSteps: 5)
        let root = TestConfigurations.temporaryFolder("board-generator")
        let board = root.appendingPathComponent("tensorboard/generator_run")
        let work = root.appendingPathComponent("work"), output = root.appendingPathComponent("out")
        XCTAssertThrowsError(try ModelStages.trainGenerator(config: config, dataset: TestConfigurations.smokeDataset,
                                                            output: output, environment: environment(work, board: board, cancelAfter: 3)))
        try ModelStages.trainGenerator(config: config, dataset: TestConfigurations.smokeDataset, output: output,
                                       environment: environment(work, board: board))
        let reader = try TensorBoardEventReader(logdir: root.appendingPathComponent("tensorboard"))
        let run = try XCTUnwrap(reader.runs["generator_run"], "runs: \(reader.runs.keys)")
        let columns = ["total", "intensity", "gradient", "adversarial", "triplet", "discriminator"]
        XCTAssertEqual(Set(run.scalars.keys), Set(columns.map { "loss/\($0)" } + ["learning_rate/generator",
                       "learning_rate/discriminator", "speed/steps_per_second"]))
        let rows = try logRows(output)
        XCTAssertEqual(rows.map(\.step), [1, 2, 3, 4, 5])
        for (index, column) in columns.enumerated() {
            let logged = try XCTUnwrap(run.scalars["loss/\(column)"])
            XCTAssertEqual(logged.map(\.step), [1, 2, 3, 4, 5], "loss/\(column): a step missing or written twice")
            for (point, row) in zip(logged, rows) {
                XCTAssertEqual(point.value, row.losses[index], accuracy: 1e-5 * max(1, abs(row.losses[index])),
                               "loss/\(column) at step \(point.step)")
            }
        }
        XCTAssertEqual(run.scalars["learning_rate/generator"]?.map(\.value).first ?? 0, config.train.lrGenerator,
                       accuracy: config.train.lrGenerator * 1e-6)
        XCTAssertEqual(run.scalars["speed/steps_per_second"]?.map(\.step), [1, 2, 3, 4, 5])
        // 16 × 16 tiles enlarged 6× (to ≥ 96 pixels): four tiles and three 2-pixel gaps.
        let panels = try XCTUnwrap(run.images["panel"])
        XCTAssertEqual(panels.map(\.step), [2, 4, 5])
        XCTAssertEqual(panels.first?.width, 4 * 96 + 3 * 2)
        XCTAssertEqual(panels.first?.height, 96)
    }

    /// Phase 2: the Destroyer's loss, mean diff_p, learning rate and speed every step, its three-tile panel.
    func testDestroyerLogsLossDifficultyAndPanel() throws {
        let config = TestConfigurations.small(architecture: .ffp, generatorSteps: 1, destroyerSteps: 3)
        let root = TestConfigurations.temporaryFolder("board-destroyer")
        let generator = root.appendingPathComponent("generator")
        try ModelStages.trainGenerator(config: config, dataset: TestConfigurations.smokeDataset, output: generator,
                                       environment: StageEnvironment(threads: 1, workDirectory: root.appendingPathComponent("wg")))
        let output = root.appendingPathComponent("destroyer")
        try ModelStages.trainDestroyer(config: config, dataset: TestConfigurations.smokeDataset, generator: generator,
                                       output: output, environment: environment(root.appendingPathComponent("wd"),
                                                                                board: root.appendingPathComponent("tb/d")))
        let run = try XCTUnwrap(try TensorBoardEventReader(logdir: root.appendingPathComponent("tb")).runs["d"])
        // The Destroyer's diagnostics columns (diff_p on clean and on noised patches) are logged as scalars too.
        XCTAssertEqual(Set(run.scalars.keys), ["loss/total", "diff_p/mean", "learning_rate/destroyer", "speed/steps_per_second",
                                               "loss/clean_fraction", "loss/difficulty_clean", "loss/difficulty_noised"])
        let rows = try logRows(output)
        XCTAssertEqual(run.scalars["diff_p/mean"]?.map(\.step), [1, 2, 3])
        for (point, row) in zip(run.scalars["diff_p/mean"] ?? [], rows) {
            XCTAssertEqual(point.value, row.losses[1], accuracy: 1e-5)
            XCTAssertTrue((0...1).contains(point.value))
        }
        XCTAssertEqual(run.images["panel"]?.map(\.step), [2, 3])
        XCTAssertEqual(run.images["panel"]?.first?.width, 3 * 96 + 2 * 2)
    }
}
