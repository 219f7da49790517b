import Synchronization

/// Process-wide counters of live tensor storage, for leak checks and benchmarks.
public enum MemoryStatistics {
    private static let live = Atomic<Int>(0)
    private static let peak = Atomic<Int>(0)

    static func allocated(bytes: Int) {
        let now = live.add(bytes, ordering: .relaxed).newValue
        var seen = peak.load(ordering: .relaxed)
        while now > seen {
            let (exchanged, original) = peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }

    static func freed(bytes: Int) { live.subtract(bytes, ordering: .relaxed) }

    /// Bytes currently held by all tensor storages in the process.
    public static var liveBytes: Int { live.load(ordering: .relaxed) }
    /// The largest value `liveBytes` has reached since start or the last `resetPeak()`.
    public static var peakBytes: Int { peak.load(ordering: .relaxed) }
    /// Sets `peakBytes` to the current `liveBytes`.
    public static func resetPeak() { peak.store(live.load(ordering: .relaxed), ordering: .relaxed) }
}
