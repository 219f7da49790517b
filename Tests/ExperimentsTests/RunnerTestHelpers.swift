@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

/// A fresh empty folder under the system temporary directory, removed by the test's teardown block.
func makeScratchFolder(_ test: XCTestCase, _ name: String = #function) -> URL {
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("f2lm-runner-tests-\(clean)-\(UInt32.random(in: 0...UInt32.max))", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// A lock-protected box for values shared with executor threads.
final class Shared<Value>: @unchecked Sendable {
    // Safe to share: `value` is only accessed under `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withValue<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
    var current: Value { withValue { $0 } }
}

/// An executor that records what it ran, writes `value.txt` = key + the dependencies' values, and fails the nodes
/// whose key is in `failing`.
final class RecordingExecutor: NodeExecutor {
    struct Failure: Error, CustomStringConvertible {
        let key: String
        var description: String { "loss is NaN at step 7 in \(key)" }
    }

    let runs = Shared<[String: Int]>([:])
    let events = Shared<[String]>([])
    let threads = Shared<[String: Int]>([:])
    let failing: Shared<Set<String>>
    let pause: Double

    init(failing: Set<String> = [], pause: Double = 0) {
        self.failing = Shared(failing)
        self.pause = pause
    }

    func run(_ node: JobNode, in context: NodeContext) throws {
        events.withValue { $0.append("start \(node.key)") }
        runs.withValue { $0[node.key, default: 0] += 1 }
        threads.withValue { $0[node.key] = context.threadCount }
        context.log.write("running \(node.label)")
        var text = node.key
        for key in node.dependencies {
            let url = context.dependencyDirectories[key]!.appendingPathComponent("value.txt")
            text += "(" + (try String(contentsOf: url, encoding: .utf8)) + ")"
        }
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        if failing.current.contains(node.key) {
            context.log.write("step 7: loss nan")
            events.withValue { $0.append("fail \(node.key)") }
            throw Failure(key: node.key)
        }
        try text.write(to: context.outputDirectory.appendingPathComponent("value.txt"), atomically: false, encoding: .utf8)
        events.withValue { $0.append("end \(node.key)") }
    }
}

/// d → g1 → s1 → e1, d → g2 → s2 → e2, and an independent x.
func sampleGraph() throws -> JobGraph {
    try JobGraph(nodes: [
        JobNode(key: "d", stage: "dataset", label: "dataset walkway"),
        JobNode(key: "g1", stage: "generator", dependencies: ["d"], label: "generator se"),
        JobNode(key: "g2", stage: "generator", dependencies: ["d"], label: "generator add"),
        JobNode(key: "s1", stage: "scores", dependencies: ["g1"], label: "scores se"),
        JobNode(key: "s2", stage: "scores", dependencies: ["g2"], label: "scores add"),
        JobNode(key: "e1", stage: "evaluation", dependencies: ["s1"], label: "evaluation se"),
        JobNode(key: "e2", stage: "evaluation", dependencies: ["s2", "d"], label: "evaluation add"),
        JobNode(key: "x", stage: "dataset", label: "dataset street"),
    ])
}
