import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Write end of the self-pipe the SIGINT handler writes to. Written once before the handler is installed and only
/// read by the handler (a plain load of an Int32, async-signal-safe), hence `nonisolated(unsafe)`.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1

/// Turns SIGINT (Ctrl-C) into a `CancellationFlag`: the first SIGINT sets the flag (the scheduler starts no new
/// node, running nodes are asked to stop, temporary folders are discarded); a second SIGINT terminates the process
/// at once (the cache stays consistent: only temporary folders can be left, and they are removed on the next run).
///
/// The signal handler only writes one byte to a pipe (async-signal-safe); a watcher thread reads it and acts.
/// Only one monitor may be active at a time.
public final class InterruptMonitor: @unchecked Sendable {
    // Safe to share: the descriptors are set in `init` and closed once in `stop()` under `lock`.
    private let lock = NSLock()
    private var readEnd: Int32 = -1
    private var writeEnd: Int32 = -1
    /// The flag set on the first SIGINT.
    public let flag: CancellationFlag

    /// Starts watching SIGINT; `message` is called on the first one (e.g. to print "stopping…").
    public init(flag: CancellationFlag = CancellationFlag(), message: @escaping @Sendable () -> Void = {}) {
        self.flag = flag
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            preconditionFailure("InterruptMonitor: pipe() failed: \(String(cString: strerror(errno)))")
        }
        readEnd = descriptors[0]
        writeEnd = descriptors[1]
        interruptPipeWriteEnd = descriptors[1]
        let readDescriptor = descriptors[0]
        let flag = self.flag
        let watcher = Thread {
            var count = 0
            var byte: UInt8 = 0
            while read(readDescriptor, &byte, 1) == 1 {
                count += 1
                if count == 1 {
                    flag.cancel()
                    message()
                } else {
                    signal(SIGINT, SIG_DFL)
                    raise(SIGINT)
                }
            }
            close(readDescriptor)
        }
        watcher.start()
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipeWriteEnd, &byte, 1)
        }
    }

    /// Stops watching and restores the default SIGINT behaviour.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard writeEnd >= 0 else { return }
        signal(SIGINT, SIG_DFL)
        interruptPipeWriteEnd = -1
        close(writeEnd)
        writeEnd = -1
    }
}
