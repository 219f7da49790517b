import Synchronization

/// A process-wide cache of freed large buffers, keyed by their byte size. Training repeats the same shapes
/// every step, so reusing buffers avoids returning memory to the kernel and paying page faults again on the
/// next step (measured: a third of a step's time went to page faults without it).
/// Buffers below `minimumBytes` go straight to the allocator; the cache holds at most `capacityBytes`.
public enum BufferPool {
    /// A freed buffer. `@unchecked Sendable` because ownership moves through the mutex: a buffer in the cache is
    /// referenced by nobody else, and the one thread that takes it out becomes its only owner.
    struct FreeBuffer: @unchecked Sendable { let pointer: UnsafeMutableRawPointer }

    struct State: ~Copyable {
        var free: [Int: [FreeBuffer]] = [:]
        var cachedBytes = 0
        var capacityBytes = 1 << 30
    }
    private static let state = Mutex(State())
    static let minimumBytes = 1 << 16

    /// Upper bound on the bytes of freed buffers kept for reuse (default 1 GiB); 0 disables the cache.
    public static var capacityBytes: Int {
        get { state.withLock { $0.capacityBytes } }
        set {
            let released: [FreeBuffer] = state.withLock { s in
                s.capacityBytes = max(0, newValue)
                guard s.cachedBytes > s.capacityBytes else { return [] }
                let all = s.free.values.flatMap { $0 }
                s.free = [:]; s.cachedBytes = 0
                return all
            }
            for b in released { b.pointer.deallocate() }
        }
    }

    /// Bytes currently held in the cache.
    public static var cachedBytes: Int { state.withLock { $0.cachedBytes } }

    /// Size class of a request: large requests are rounded up to whole 4 KiB pages.
    static func roundedSize(_ bytes: Int) -> Int { bytes < minimumBytes ? bytes : (bytes + 4095) & ~4095 }

    /// A 64-byte aligned buffer of `bytes` (already rounded by `roundedSize`), reused when one is cached.
    static func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes >= minimumBytes {
            let reused: FreeBuffer? = state.withLock { s in
                guard var list = s.free[bytes], let p = list.popLast() else { return nil }
                s.free[bytes] = list
                s.cachedBytes -= bytes
                return p
            }
            if let reused { return reused.pointer }
        }
        return UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 4), alignment: 64)
    }

    /// Returns a buffer obtained from `allocate(bytes:)`.
    static func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= minimumBytes {
            let buffer = FreeBuffer(pointer: pointer)
            let kept: Bool = state.withLock { s in
                guard s.cachedBytes + bytes <= s.capacityBytes else { return false }
                s.free[bytes, default: []].append(buffer)
                s.cachedBytes += bytes
                return true
            }
            if kept { return }
        }
        pointer.deallocate()
    }
}
