import Synchronization

/// Counts the floating-point operations of the compute-heavy ops (convolutions, transposed convolutions, matrix
/// products; forward and backward, 2 per multiply-add) for benchmarks' achieved GFLOP/s. Process-wide.
public enum FlopCounter {
    private static let count = Atomic<Int>(0)

    /// Operations counted since start or the last `reset()`.
    public static var operations: Int { count.load(ordering: .relaxed) }

    /// Sets the count to zero.
    public static func reset() { count.store(0, ordering: .relaxed) }

    static func add(_ flops: Int) { count.add(flops, ordering: .relaxed) }
}
