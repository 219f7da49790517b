import Foundation

/// A thread-safe flag that asks a running plan to stop: the scheduler starts no new node once it is set, and
/// executors see it through `NodeContext.isCancelled`.
public final class CancellationFlag: @unchecked Sendable {
    // Safe to share: `value` is only accessed under `lock`.
    private let lock = NSLock()
    private var value = false

    /// A flag that is not set.
    public init() {}

    /// True once `cancel()` was called.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    /// Sets the flag (idempotent).
    public func cancel() {
        lock.lock()
        value = true
        lock.unlock()
    }
}

/// Thrown by `NodeContext.checkCancellation()` when the plan is being cancelled; the scheduler discards the node's
/// temporary folder and records no failure.
public struct NodeCancelled: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}
    /// "cancelled".
    public var description: String { "cancelled" }
}
