import Foundation

/// A thread-safe memo of computed values, bounded in bytes, shared by the stage nodes of one process.
///
/// `value(for:compute:)` returns the stored value of a key, or runs `compute` once (outside the lock) and stores
/// its result. A thread asking for a key that another thread is computing waits for that result instead of
/// computing it twice. When `compute` throws, nothing is stored, the error goes to the caller, and threads that
/// waited for the key compute it themselves. Values beyond `capacityBytes` (as measured by `size`) evict the least
/// recently used entries; a value larger than the whole capacity is returned but not stored.
///
/// Exactness is the caller's business: a key must determine its value completely, so that a hit returns exactly what
/// `compute` would return again.
public final class SharedMemo<Key: Hashable, Value>: @unchecked Sendable {
    // Safe to share: `entries`, `order`, `clock`, `bytes` and the counters are only touched while holding `condition`.

    /// Bytes of stored values beyond which the least recently used entries are dropped.
    public let capacityBytes: Int
    private let size: (Value) -> Int
    private let condition = NSCondition()
    /// `nil` while one thread computes the entry and others wait.
    private var entries: [Key: (value: Value, bytes: Int)?] = [:]
    private var order: [Key: UInt64] = [:]
    private var clock: UInt64 = 0
    private var bytes = 0
    private var hitCount = 0
    private var missCount = 0

    /// An empty memo holding at most about `capacityBytes` of values, each value's bytes given by `size`.
    public init(capacityBytes: Int, size: @escaping (Value) -> Int) {
        precondition(capacityBytes >= 0, "SharedMemo: negative capacity")
        self.capacityBytes = capacityBytes
        self.size = size
    }

    /// The stored value of `key`, or the result of `compute` (run outside the lock) on a miss.
    public func value(for key: Key, compute: () throws -> Value) rethrows -> Value {
        condition.lock()
        while true {
            guard let slot = entries[key] else { break }
            if let stored = slot {
                hitCount += 1
                clock += 1
                order[key] = clock
                condition.unlock()
                return stored.value
            }
            condition.wait()
        }
        missCount += 1
        entries[key] = .some(nil)
        condition.unlock()

        let computed: Value
        do {
            computed = try compute()
        } catch {
            condition.withLock {
                entries[key] = nil
                condition.broadcast()
            }
            throw error
        }
        let valueBytes = size(computed)

        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        guard valueBytes <= capacityBytes else {
            entries[key] = nil
            return computed
        }
        entries[key] = .some((computed, valueBytes))
        clock += 1
        order[key] = clock
        bytes += valueBytes
        while bytes > capacityBytes, let oldest = order.min(by: { $0.value < $1.value })?.key {
            if case let .some(.some(dropped)) = entries[oldest] { bytes -= dropped.bytes }
            entries[oldest] = nil
            order[oldest] = nil
        }
        return computed
    }

    /// Look-ups answered from the memo and look-ups that computed, since creation or `removeAll()`.
    public var statistics: (hits: Int, misses: Int) { condition.withLock { (hitCount, missCount) } }

    /// Bytes of values held.
    public var storedBytes: Int { condition.withLock { bytes } }

    /// Drops every entry and resets the counters (computations in flight store their results afterwards).
    public func removeAll() {
        condition.withLock {
            entries = entries.filter { entry in
                if case .none = entry.value { return true }
                return false
            }
            order.removeAll()
            bytes = 0
            hitCount = 0
            missCount = 0
        }
    }
}
