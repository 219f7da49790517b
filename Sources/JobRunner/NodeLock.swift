import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on `<root>/locks/<key>.lock`, taken with `flock(LOCK_EX | LOCK_NB)`.
///
/// `flock` locks belong to an open file description, so two schedulers in one process conflict exactly like two
/// processes do; the kernel releases the lock when the holder dies (even by `kill -9`). Lock files are never
/// deleted: deleting them would let a waiter lock an unlinked file while a newcomer locks a new one.
public final class NodeLock: @unchecked Sendable {
    // Safe to share: the descriptor is only closed once, in `release()`, guarded by `lock`.
    private var descriptor: Int32
    private let lock = NSLock()
    /// The lock file.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Tries once to take the lock; nil when another holder has it. Throws when the file cannot be opened.
    public static func tryAcquire(path: String) throws -> NodeLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CacheError.io(path: path, message: "cannot open lock file: \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            return NodeLock(descriptor: descriptor, path: path)
        }
        let code = errno
        close(descriptor)
        if code == EWOULDBLOCK || code == EAGAIN || code == EINTR { return nil }
        throw CacheError.io(path: path, message: "flock failed: \(String(cString: strerror(code)))")
    }

    /// Takes the lock, polling every `pollInterval` seconds while another holder has it. Returns nil when
    /// `shouldStop` becomes true before the lock is taken. `onWait` is called once if the first attempt fails.
    public static func acquire(path: String, pollInterval: Double, shouldStop: () -> Bool,
                               onWait: () -> Void = {}) throws -> NodeLock? {
        var waited = false
        while true {
            if let lock = try tryAcquire(path: path) { return lock }
            if !waited { waited = true; onWait() }
            if shouldStop() { return nil }
            Thread.sleep(forTimeInterval: pollInterval)
        }
    }

    /// Releases the lock (idempotent).
    public func release() {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
