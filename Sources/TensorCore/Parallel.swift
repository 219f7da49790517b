import Dispatch
import DNNLKernels
import Synchronization

/// Splitting memory-bound loops (im2col, col2im, normalisation) over a few threads.
public enum Parallel {
    private static let threads = Atomic<Int>(1)

    /// Threads used by the engine's own loops (not BLAS). Splits are by disjoint output ranges, so results do
    /// not depend on this setting.
    public static var threadCount: Int {
        get { threads.load(ordering: .relaxed) }
        set { threads.store(max(1, newValue), ordering: .relaxed) }
    }

    /// Calls `body(range)` for `threadCount` (or fewer) disjoint chunks of `0..<count`, concurrently: on the calling
    /// thread's OpenMP team when libgomp is loaded (`OpenMPTeam`), else with `concurrentPerform`.
    /// `body` must only write to locations determined by its range.
    public static func forEachChunk(_ count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(threadCount, max(1, count / max(minimumChunk, 1)))
        if chunks <= 1 || count <= 1 { body(0..<count); return }
        let run: (Int) -> Void = { chunk in body((count * chunk / chunks)..<(count * (chunk + 1) / chunks)) }
        // On the OpenMP team oneDNN uses (see `OpenMPTeam`), else on Dispatch's pool.
        if OpenMPTeam.forEach(chunks, run) { return }
        withoutActuallyEscaping(run) { run in
            let box = UncheckedBox(run)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in box.value(chunk) }
        }
    }
}

/// Carries a non-Sendable closure into `concurrentPerform`. Safe because `forEachChunk` hands each
/// invocation a disjoint range and its callers only write to locations derived from that range.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Sets both the BLAS and the engine thread count.
public enum EngineThreads {
    /// Uses `count` threads for GEMMs (OpenBLAS), oneDNN convolutions (OpenMP team per call) and the engine's
    /// own parallel loops. When several models train in parallel threads, give each `cores / models`.
    public static func set(_ count: Int) {
        BLAS.setThreadCount(count)
        DNNLRuntime.threadCount = count
        Parallel.threadCount = count
    }
}
