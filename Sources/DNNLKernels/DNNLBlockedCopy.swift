import CDNNL
import Synchronization

/// An owned, immutable copy of one convolution operand in the blocked layout a oneDNN primitive chose (e.g.
/// `nChw8c`), made by one call and handed to a later call that reads the same data in the same layout, so the
/// plain→blocked reorder runs once instead of twice. Opaque to callers: they only keep it alive (reference counted)
/// and pass it back.
///
/// A copy is exact (a reorder or a ``DNNLLayoutTable`` scatter moves each element unchanged; padding is zero), so a
/// call given a copy computes bit for bit what it computes from the plain buffer. A call uses a copy only when its
/// primitive's layout for that operand equals the copy's descriptor; otherwise it reorders the plain buffer as
/// before.
///
/// Memory: a copy holds as many bytes as the blocked operand (the plain size, plus channel padding to the block).
/// All live copies together are bounded by ``memoryBudget``; a call that would exceed it keeps no copy (the later
/// call then reorders again), so the bound changes speed, never results.
///
/// Thread safety: written only while the call that creates it runs, read-only afterwards, so it may be passed to
/// calls on any thread, several at once (oneDNN primitives only read their source operands).
public final class DNNLBlockedCopy: @unchecked Sendable {
    // Safe to share: `memory`'s contents are written once by the creating call (before the copy is returned) and
    // only read afterwards; its data handle never changes.

    /// The oneDNN memory object that owns the data (allocated by oneDNN).
    let memory: dnnl_memory_t
    /// The blocked layout of the data.
    let descriptor: dnnl_memory_desc_t
    /// The data of `memory`.
    let data: UnsafeMutableRawPointer
    /// Size of the data in bytes (padding included).
    public let byteCount: Int

    private static let live = Atomic<Int>(0)
    private static let budget = Atomic<Int>(512 << 20)

    /// The most bytes all live copies may hold together (default 512 MiB). Process-wide; a smaller value makes
    /// calls keep fewer copies (more reorders), never changes results.
    public static var memoryBudget: Int {
        get { budget.load(ordering: .relaxed) }
        set { budget.store(newValue, ordering: .relaxed) }
    }

    /// Bytes held by the copies alive now.
    public static var liveBytes: Int { live.load(ordering: .relaxed) }

    private static let peak = Atomic<Int>(0)

    /// The most bytes live copies held at once since the process started (or since ``resetPeakLiveBytes()``).
    public static var peakLiveBytes: Int { peak.load(ordering: .relaxed) }

    /// Restarts ``peakLiveBytes`` from the bytes live now.
    public static func resetPeakLiveBytes() { peak.store(liveBytes, ordering: .relaxed) }

    private static let reads = Atomic<Int>(0)

    /// How many times, since the process started, a call read a copy instead of reordering (each saves one
    /// reorder): shows that the sharing happens on a given machine and shape.
    public static var reuseCount: Int { reads.load(ordering: .relaxed) }

    /// Counts one use of a copy in place of a reorder.
    static func noteReuse() { reads.add(1, ordering: .relaxed) }

    /// Allocates an uninitialised-looking buffer in layout `descriptor` on `engine` (zeroed when the layout pads,
    /// so the padding is zero whatever fills it), or `nil` when the budget would be exceeded or oneDNN fails.
    init?(descriptor: dnnl_memory_desc_t, engine: dnnl_engine_t, plainCount: Int) {
        var layout = descriptor
        let bytes = dnnl_memory_desc_get_size(&layout)
        guard bytes > 0 else { return nil }
        let after = Self.live.add(bytes, ordering: .relaxed).newValue
        guard after <= Self.memoryBudget else {
            Self.live.subtract(bytes, ordering: .relaxed)
            return nil
        }
        var seen = Self.peak.load(ordering: .relaxed)
        while after > seen {
            let exchange = Self.peak.compareExchange(expected: seen, desired: after, ordering: .relaxed)
            if exchange.exchanged { break }
            seen = exchange.original
        }
        var created: dnnl_memory_t?
        var handle: UnsafeMutableRawPointer?
        guard dnnl_memory_create(&created, &layout, engine, UnsafeMutableRawPointer(bitPattern: -1)) == dnnl_success,
            let created
        else {
            Self.live.subtract(bytes, ordering: .relaxed)
            return nil
        }
        guard dnnl_memory_get_data_handle(created, &handle) == dnnl_success, let handle else {
            dnnl_memory_destroy(created)
            Self.live.subtract(bytes, ordering: .relaxed)
            return nil
        }
        if bytes != plainCount * MemoryLayout<Float>.stride {
            handle.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        }
        memory = created
        self.descriptor = descriptor
        data = handle
        byteCount = bytes
    }

    deinit {
        dnnl_memory_destroy(memory)
        Self.live.subtract(byteCount, ordering: .relaxed)
    }

    /// Whether this copy is in exactly the layout `other`.
    func hasLayout(_ other: dnnl_memory_desc_t) -> Bool {
        var mine = descriptor, theirs = other
        return dnnl_memory_desc_equal(&mine, &theirs) != 0
    }
}
