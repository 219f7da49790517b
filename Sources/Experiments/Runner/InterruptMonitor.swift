import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT (Ctrl-C) into a `CancellationFlag`: the first SIGINT sets the flag (the scheduler starts no new
/// node, running nodes are asked to stop, temporary folders are discarded); a second SIGINT terminates the process
/// at once (the cache stays consistent: only temporary folders can be left, and they are removed on the next run).
public final class InterruptMonitor: @unchecked Sendable {
    // Safe to share: `source` is set once in `init` and only cancelled in `stop()`; the counter lives on `queue`.
    private let source: DispatchSourceSignal
    private let queue = DispatchQueue(label: "f2lm.interrupt")
    private var count = 0
    /// The flag set on the first SIGINT.
    public let flag: CancellationFlag

    /// Starts watching SIGINT; `message` is called on the first one (e.g. to print "stopping…").
    public init(flag: CancellationFlag = CancellationFlag(), message: @escaping @Sendable () -> Void = {}) {
        self.flag = flag
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: queue)
        source.setEventHandler { [unowned self] in
            self.count += 1
            if self.count == 1 {
                self.flag.cancel()
                message()
            } else {
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
            }
        }
        source.resume()
    }

    /// Stops watching and restores the default SIGINT behaviour.
    public func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
