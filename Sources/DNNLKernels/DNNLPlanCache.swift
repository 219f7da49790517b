import Foundation

/// The process-wide, lock-guarded cache of convolution plans, keyed by shape, pass, bias, thread count and whether
/// Winograd was allowed.
///
/// Refused keys are cached too (as entries without a plan), so a shape oneDNN does not support costs one attempt.
final class DNNLPlanCache: @unchecked Sendable {
    // Safe to share: `entries` is only read or written while holding `lock`; plans themselves are thread-safe.

    /// Cache key: one primitive per shape, pass, presence of a bias, OpenMP team size (oneDNN fixes a
    /// primitive's thread partition when it is created) and algorithm policy (`DNNLConvolution.allowsWinograd`).
    struct Key: Hashable, Sendable {
        var shape: Convolution2dShape
        var operation: DNNLConvolution.Operation
        var withBias: Bool
        var threads: Int
        var allowsWinograd: Bool
    }

    /// A cached outcome: the plan, or `nil` when oneDNN refused the key.
    struct Entry {
        var plan: DNNLPrimitivePlan?
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]

    /// The entry for `key`, or `nil` when none has been created yet.
    func lookUp(_ key: Key) -> Entry? { lock.withLock { entries[key] } }

    /// Stores `plan` for `key` unless another thread stored one first, and returns the stored plan.
    func insert(_ key: Key, _ plan: DNNLPrimitivePlan?) -> DNNLPrimitivePlan? {
        lock.withLock {
            if let existing = entries[key] { return existing.plan }
            entries[key] = Entry(plan: plan)
            return plan
        }
    }

    /// Number of entries, refused ones included.
    var count: Int { lock.withLock { entries.count } }

    /// Removes every entry.
    func removeAll() { lock.withLock { entries.removeAll() } }
}
