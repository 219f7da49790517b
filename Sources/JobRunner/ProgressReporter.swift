import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows the progress of a scheduler run. Thread-safe: the scheduler calls it from every worker thread.
///
/// - `.terminal` (stderr is a TTY): a bar for the whole plan (nodes finished / total, elapsed, ETA) and one line
///   per running node (training step / total, losses, steps/s), redrawn in place with ANSI escapes at most every
///   `minimumRedrawInterval` seconds for training updates; finished and failed nodes print a permanent line above.
/// - `.plain` (CI, log files): one line per event — node started, done with its time, failed with its reason,
///   skipped — and training progress each time a further 10 % of the steps is reached.
///
/// ETA = Σ over unfinished nodes of their expected seconds, divided by min(jobs, unfinished nodes), minus the time
/// running nodes already spent; a node's expected seconds is the mean measured time of its stage, or, for a stage
/// not measured yet, its `costHint` × (measured seconds / measured cost hints over all stages).
public final class ProgressReporter: @unchecked Sendable {
    /// Output style.
    public enum Style: Sendable {
        /// In-place ANSI bar.
        case terminal
        /// One plain line per event.
        case plain
    }

    private struct Running {
        var node: JobNode
        var started: Double
        var training: TrainingProgress?
        var lastPrintedDecile = 0
    }

    /// The chosen style.
    public let style: Style
    /// Minimum seconds between two in-place redraws caused by training updates.
    public let minimumRedrawInterval: Double
    /// Terminal width: bar lines are cut to `width - 1` characters so they never wrap (wrapping would break the
    /// in-place redraw).
    public let width: Int
    private let output: @Sendable (String) -> Void
    private let now: @Sendable () -> Double

    // Safe to share: every property below is only accessed while `lock` is held.
    private let lock = NSLock()
    private var nodes: [String: JobNode] = [:]
    private var total = 0
    private var jobs = 1
    private var finished: Set<String> = []
    private var running: [String: Running] = [:]
    private var runningOrder: [String] = []
    private var measuredSeconds: [String: (sum: Double, count: Int)] = [:]
    private var measuredCost = 0.0
    private var measuredCostSeconds = 0.0
    private var startTime = 0.0
    private var lastRedraw = -Double.infinity
    private var barVisible = false

    /// A reporter writing through `output` (which receives text, newlines included) with clock `now` (seconds).
    public init(style: Style, minimumRedrawInterval: Double = 0.1, width: Int = 120,
                now: @escaping @Sendable () -> Double = { RunnerClock.monotonicSeconds() },
                output: @escaping @Sendable (String) -> Void) {
        self.style = style
        self.minimumRedrawInterval = minimumRedrawInterval
        self.width = max(20, width)
        self.now = now
        self.output = output
    }

    /// A reporter on standard error: `.terminal` when stderr is a TTY, else `.plain`.
    public static func standardError() -> ProgressReporter {
        let style: Style = isatty(STDERR_FILENO) != 0 ? .terminal : .plain
        var size = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 120
        return ProgressReporter(style: style, width: columns) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// The plan is about to run these nodes with up to `jobs` in parallel.
    public func planStarted(nodes: [JobNode], jobs: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.nodes = Dictionary(nodes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        total = self.nodes.count
        self.jobs = max(1, jobs)
        finished = []
        running = [:]
        runningOrder = []
        startTime = now()
        var stages: [String] = []
        for node in nodes where !stages.contains(node.stage) { stages.append(node.stage) }
        let byStage = stages.map { stage in "\(nodes.filter { $0.stage == stage }.count) \(stage)" }
        emitLine("plan: \(total) nodes (\(byStage.joined(separator: ", "))), up to \(self.jobs) at once")
    }

    /// A node waits for its lock, held by another scheduler or process.
    public func nodeWaiting(_ node: JobNode) {
        lock.lock()
        defer { lock.unlock() }
        emitLine("\(counter()) wait    \(node.stage) \(node.label): another process is running it")
    }

    /// A cached artifact of a node failed verification (`ArtifactCache.verifiedCompletionRecord`) and is
    /// removed so that the node runs again.
    public func nodeCorrupt(_ node: JobNode, problem: String) {
        lock.lock()
        defer { lock.unlock() }
        emitLine("\(counter()) corrupt \(node.stage) \(node.label): \(problem); running it again")
    }

    /// A node starts running with `threads` BLAS threads.
    public func nodeStarted(_ node: JobNode, threads: Int) {
        lock.lock()
        defer { lock.unlock() }
        running[node.key] = Running(node: node, started: now())
        runningOrder.append(node.key)
        if style == .plain {
            emitLine("\(counter()) start   \(node.stage) \(node.label) (\(threads) thread\(threads == 1 ? "" : "s"))")
        } else {
            redraw(force: true)
        }
    }

    /// A training step report from a running node.
    public func training(_ node: JobNode, _ progress: TrainingProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard var entry = running[node.key] else { return }
        entry.training = progress
        switch style {
        case .plain:
            let decile = progress.totalSteps > 0 ? min(10, progress.step * 10 / progress.totalSteps) : 0
            if decile > entry.lastPrintedDecile {
                entry.lastPrintedDecile = decile
                running[node.key] = entry
                emitLine("        train   \(node.stage) \(node.label): \(Self.describe(progress))")
            } else {
                running[node.key] = entry
            }
        case .terminal:
            running[node.key] = entry
            redraw(force: false)
        }
    }

    /// A node finished with any status (done, reused, failed, skipped, cancelled).
    public func nodeFinished(_ outcome: NodeOutcome) {
        lock.lock()
        defer { lock.unlock() }
        let node = outcome.node
        running[node.key] = nil
        runningOrder.removeAll { $0 == node.key }
        finished.insert(node.key)
        if outcome.status == .done {
            let previous = measuredSeconds[node.stage] ?? (0, 0)
            measuredSeconds[node.stage] = (previous.sum + outcome.seconds, previous.count + 1)
            measuredCost += node.costHint
            measuredCostSeconds += outcome.seconds
        }
        switch outcome.status {
        case .done:
            emitLine("\(counter()) done    \(node.stage) \(node.label) in \(Self.formatDuration(outcome.seconds))")
        case .failed:
            emitLine("\(counter()) FAILED  \(node.stage) \(node.label): \(outcome.reason ?? "unknown error") (log: \(outcome.logPath))")
        case .skipped:
            emitLine("\(counter()) skipped \(node.stage) \(node.label): \(outcome.reason ?? "")")
        case .reused, .cancelled:
            if style == .terminal { redraw(force: true) }
        }
    }

    /// The plan finished; prints the summary.
    public func planFinished(_ summary: SchedulerSummary) {
        lock.lock()
        defer { lock.unlock() }
        running = [:]
        runningOrder = []
        if style == .terminal && barVisible {
            output("\r\u{1B}[J")
            barVisible = false
        }
        output(summary.description + "\n")
    }

    /// Estimated seconds until the plan finishes, nil before anything was measured.
    public var estimatedSecondsRemaining: Double? {
        lock.lock()
        defer { lock.unlock() }
        return eta()
    }

    /// "12.3s", "3m 02s" or "1h 05m".
    public static func formatDuration(_ seconds: Double) -> String {
        let value = max(0, seconds)
        if value < 60 { return String(format: "%.1fs", value) }
        let whole = Int(value.rounded())
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, (whole % 3600) / 60)
    }

    /// "step 100/1000 (10%) total=0.1234 triplet=0.05, 35.2 steps/s".
    static func describe(_ progress: TrainingProgress) -> String {
        let percent = progress.totalSteps > 0 ? progress.step * 100 / progress.totalSteps : 0
        var text = "step \(progress.step)/\(progress.totalSteps) (\(percent)%)"
        for loss in progress.losses { text += " \(loss.name)=\(String(format: "%.4g", loss.value))" }
        text += String(format: ", %.1f steps/s", progress.stepsPerSecond)
        return text
    }

    // MARK: - Under `lock`

    private func counter() -> String {
        let width = String(total).count
        let done = String(finished.count)
        return "[\(String(repeating: " ", count: max(0, width - done.count)))\(done)/\(total)]"
    }

    private func eta() -> Double? {
        let secondsPerCost = measuredCost > 0 ? measuredCostSeconds / measuredCost : nil
        var sum = 0.0
        var unfinished = 0
        for (key, node) in nodes where !finished.contains(key) {
            unfinished += 1
            let expected: Double
            if let measured = measuredSeconds[node.stage], measured.count > 0 {
                expected = measured.sum / Double(measured.count)
            } else if let secondsPerCost {
                expected = node.costHint * secondsPerCost
            } else {
                return nil
            }
            let spent = running[key].map { now() - $0.started } ?? 0
            sum += max(0, expected - spent)
        }
        if unfinished == 0 { return 0 }
        return sum / Double(min(jobs, unfinished))
    }

    /// A permanent line: plain mode prints it; terminal mode prints it above the bar and redraws the bar.
    private func emitLine(_ line: String) {
        switch style {
        case .plain:
            output(line + "\n")
        case .terminal:
            output((barVisible ? "\r\u{1B}[J" : "") + line + "\n")
            barVisible = false
            redraw(force: true)
        }
    }

    private func redraw(force: Bool) {
        guard style == .terminal, total > 0 else { return }
        let time = now()
        if !force && time - lastRedraw < minimumRedrawInterval { return }
        lastRedraw = time
        let barWidth = 30
        let filled = total > 0 ? finished.count * barWidth / total : barWidth
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled)
        let etaText = eta().map { Self.formatDuration($0) } ?? "?"
        var lines = ["[\(bar)] \(finished.count)/\(total) nodes  elapsed \(Self.formatDuration(time - startTime))  ETA \(etaText)"]
        for key in runningOrder {
            guard let entry = running[key] else { continue }
            if let progress = entry.training {
                lines.append("  \(entry.node.stage) \(entry.node.label): \(Self.describe(progress))")
            } else {
                lines.append("  \(entry.node.stage) \(entry.node.label): running \(Self.formatDuration(time - entry.started))")
            }
        }
        lines = lines.map { $0.count < width ? $0 : String($0.prefix(width - 2)) + "…" }
        var text = (barVisible ? "\r\u{1B}[J" : "") + lines.joined(separator: "\n")
        if lines.count > 1 { text += "\u{1B}[\(lines.count - 1)A" }
        text += "\r"
        output(text)
        barVisible = true
    }
}
