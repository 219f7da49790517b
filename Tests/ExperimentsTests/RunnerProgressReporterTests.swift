@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

final class RunnerProgressReporterTests: XCTestCase {
    private let generator = JobNode(key: "g1", stage: "generator", label: "walkway seed 0", costHint: 10)
    private let generator2 = JobNode(key: "g2", stage: "generator", label: "street seed 0", costHint: 10)
    private let scores = JobNode(key: "s1", stage: "scores", dependencies: ["g1"], label: "walkway seed 0", costHint: 1)

    func testPlainLinesPerEventAndTrainingEveryTenPercent() {
        let clock = Shared(100.0)
        let output = Shared("")
        let reporter = ProgressReporter(style: .plain, now: { clock.current }, output: { text in output.withValue { $0 += text } })
        reporter.planStarted(nodes: [generator, generator2, scores], jobs: 1)
        reporter.nodeStarted(generator, threads: 2)
        for step in 1...200 {
            reporter.training(generator, TrainingProgress(step: step, totalSteps: 200,
                                                          losses: [.init("total", 0.5), .init("triplet", 0.125)],
                                                          stepsPerSecond: 40))
        }
        clock.withValue { $0 += 10 }
        reporter.nodeFinished(NodeOutcome(node: generator, status: .done, seconds: 10, logPath: "/c/logs/g1.log"))
        reporter.nodeFinished(NodeOutcome(node: generator2, status: .failed, reason: "loss is NaN", logPath: "/c/logs/g2.log"))
        reporter.nodeFinished(NodeOutcome(node: scores, status: .skipped, reason: "generator walkway seed 0 [g1] failed",
                                          logPath: "/c/logs/s1.log"))
        let lines = output.current.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "plan: 3 nodes (2 generator, 1 scores), up to 1 at once")
        XCTAssertEqual(lines[1], "[0/3] start   generator walkway seed 0 (2 threads)")
        let training = lines.filter { $0.contains("train") }
        XCTAssertEqual(training.count, 10)
        XCTAssertEqual(training.first, "        train   generator walkway seed 0: step 20/200 (10%) total=0.5 triplet=0.125, 40.0 steps/s")
        XCTAssertEqual(lines.suffix(3), [
            "[1/3] done    generator walkway seed 0 in 10.0s",
            "[2/3] FAILED  generator street seed 0: loss is NaN (log: /c/logs/g2.log)",
            "[3/3] skipped scores walkway seed 0: generator walkway seed 0 [g1] failed",
        ])
        XCTAssertFalse(output.current.contains("\u{1B}"), "no ANSI codes without a terminal")
    }

    func testTerminalRedrawsAreThrottledAndBarShowsProgress() {
        let clock = Shared(0.0)
        let output = Shared<[String]>([])
        let reporter = ProgressReporter(style: .terminal, minimumRedrawInterval: 0.1, now: { clock.current },
                                        output: { text in output.withValue { $0.append(text) } })
        reporter.planStarted(nodes: [generator, generator2], jobs: 1)
        reporter.nodeStarted(generator, threads: 2)
        let before = output.current.count
        for step in 1...50 {  // all at the same instant: at most one redraw
            reporter.training(generator, TrainingProgress(step: step, totalSteps: 100, losses: [.init("total", 0.25)],
                                                          stepsPerSecond: 12.5))
        }
        XCTAssertLessThanOrEqual(output.current.count - before, 1)
        clock.withValue { $0 += 0.2 }
        reporter.training(generator, TrainingProgress(step: 51, totalSteps: 100, losses: [.init("total", 0.25)],
                                                      stepsPerSecond: 12.5))
        let last = output.current.last!
        XCTAssertTrue(last.contains("[------------------------------] 0/2 nodes"), last)
        XCTAssertTrue(last.contains("  generator walkway seed 0: step 51/100 (51%) total=0.25, 12.5 steps/s"), last)
        XCTAssertTrue(last.contains("\u{1B}[1A"), "cursor moves back up to redraw in place")
    }

    func testTerminalLinesNeverWrap() {
        let output = Shared<[String]>([])
        let reporter = ProgressReporter(style: .terminal, width: 40, now: { 0 },
                                        output: { text in output.withValue { $0.append(text) } })
        let long = JobNode(key: "k", stage: "generator", label: String(repeating: "very long label ", count: 8))
        reporter.planStarted(nodes: [long], jobs: 1)
        reporter.nodeStarted(long, threads: 1)
        let drawn = output.current.last!
        let lines = drawn.replacingOccurrences(of: "\u{1B}[1A", with: "").replacingOccurrences(of: "\u{1B}[J", with: "").replacingOccurrences(of: "\r", with: "")
            .split(separator: "\n")
        XCTAssertEqual(lines.count, 2, drawn)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 39 }, "\(lines)")
    }

    func testETAUsesMeasuredStageTimesThenCostHints() {
        let clock = Shared(0.0)
        let reporter = ProgressReporter(style: .plain, now: { clock.current }, output: { _ in })
        reporter.planStarted(nodes: [generator, generator2, scores], jobs: 1)
        XCTAssertNil(reporter.estimatedSecondsRemaining, "nothing measured yet")
        reporter.nodeStarted(generator, threads: 1)
        clock.withValue { $0 += 30 }
        reporter.nodeFinished(NodeOutcome(node: generator, status: .done, seconds: 30, logPath: ""))
        // generator2: measured generator mean 30 s; scores: cost 1 × (30 s / cost 10) = 3 s.
        XCTAssertEqual(reporter.estimatedSecondsRemaining!, 33, accuracy: 1e-9)
        reporter.nodeStarted(generator2, threads: 1)
        clock.withValue { $0 += 10 }
        XCTAssertEqual(reporter.estimatedSecondsRemaining!, 23, accuracy: 1e-9)
    }
}
