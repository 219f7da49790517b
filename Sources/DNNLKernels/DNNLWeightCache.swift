import CDNNL
import Foundation
import Synchronization

/// The weights one workspace has already converted into its primitive's blocked layout, so that a weight used
/// again unchanged (a frozen network, a discriminator applied to several batches between two optimiser steps) is
/// not reordered again.
///
/// Validity is decided by content, never by bookkeeping: each entry keeps a bit-exact copy (`snapshot`) of the
/// plain weights it was converted from, and an entry is reused only when the caller's plain buffer still holds
/// exactly those bytes (`memcmp`). The conversion is a deterministic function of those bytes, so a reused entry is
/// identical to a fresh conversion, whatever wrote the weights in between (an optimiser step, a checkpoint load,
/// an initialiser, a test poking the storage) and even when a freed buffer's address is reused by another tensor.
/// The buffer address only picks which entry to compare against. A changed weight costs one early-exiting
/// comparison and a copy on top of the conversion it needed anyway.
///
/// At most ``capacity`` entries are kept (least recently used evicted), so a process that builds many models does
/// not grow without bound. Used by one call at a time (it belongs to a workspace).
final class DNNLWeightCache {
    /// One converted weight.
    private struct Entry {
        /// The caller's plain buffer the entry was last converted from.
        var source: UnsafeRawPointer
        /// A copy of the plain bytes the blocked buffer was converted from.
        let snapshot: UnsafeMutableRawPointer
        /// The blocked buffer (library-allocated memory in the primitive's layout, padding zeroed at creation).
        let memory: dnnl_memory_t
        /// The blocked buffer's data.
        let data: UnsafeMutableRawPointer
        /// When the entry was last used (the cache's own counter), for eviction.
        var lastUse: UInt64
    }

    /// Entries kept per workspace and weight operand.
    static let capacity = 8

    /// Process-wide counts of reused and converted weights (for tests and the benchmark).
    static let hits = Atomic<Int>(0)
    static let misses = Atomic<Int>(0)

    private let engine: dnnl_engine_t
    private var blockedDescriptor: dnnl_memory_desc_t
    private let plainBytes: Int
    private var entries: [Entry] = []
    private var clock: UInt64 = 0

    /// A cache for weights of `plainBytes` bytes converted into the layout `blocked`.
    init(engine: dnnl_engine_t, blocked: dnnl_memory_desc_t, plainBytes: Int) {
        self.engine = engine
        blockedDescriptor = blocked
        self.plainBytes = plainBytes
    }

    deinit {
        for entry in entries {
            dnnl_memory_destroy(entry.memory)
            entry.snapshot.deallocate()
        }
    }

    /// The blocked memory holding the conversion of the plain weights at `plain`: a kept entry when its snapshot
    /// equals the current bytes, otherwise an entry refilled by `convert(plain, blockedMemory, blockedData)`
    /// (which must write the whole conversion). `nil` when oneDNN cannot allocate or `convert` fails (the entry
    /// is then dropped, so a failed conversion is never reused).
    func memory(
        for plain: UnsafeRawPointer,
        convert: (dnnl_memory_t, UnsafeMutableRawPointer) -> Bool
    ) -> dnnl_memory_t? {
        clock &+= 1
        if let index = entries.firstIndex(where: { $0.source == plain }) {
            if memcmp(entries[index].snapshot, plain, plainBytes) == 0 {
                entries[index].lastUse = clock
                Self.hits.add(1, ordering: .relaxed)
                return entries[index].memory
            }
            return refill(index, from: plain, convert: convert)
        }
        if entries.count < Self.capacity {
            guard let entry = makeEntry(source: plain) else { return nil }
            entries.append(entry)
            return refill(entries.count - 1, from: plain, convert: convert)
        }
        let oldest = entries.indices.min { entries[$0].lastUse < entries[$1].lastUse }!
        entries[oldest].source = plain
        return refill(oldest, from: plain, convert: convert)
    }

    /// Number of entries held (for tests).
    var count: Int { entries.count }

    private func refill(
        _ index: Int, from plain: UnsafeRawPointer, convert: (dnnl_memory_t, UnsafeMutableRawPointer) -> Bool
    ) -> dnnl_memory_t? {
        Self.misses.add(1, ordering: .relaxed)
        let entry = entries[index]
        guard convert(entry.memory, entry.data) else {
            dnnl_memory_destroy(entry.memory)
            entry.snapshot.deallocate()
            entries.remove(at: index)
            return nil
        }
        entry.snapshot.copyMemory(from: plain, byteCount: plainBytes)
        entries[index].lastUse = clock
        return entry.memory
    }

    private func makeEntry(source: UnsafeRawPointer) -> Entry? {
        var memory: dnnl_memory_t?
        guard dnnl_memory_create(&memory, &blockedDescriptor, engine, UnsafeMutableRawPointer(bitPattern: -1))
            == dnnl_success, let memory
        else { return nil }
        var data: UnsafeMutableRawPointer?
        guard dnnl_memory_get_data_handle(memory, &data) == dnnl_success, let data else {
            dnnl_memory_destroy(memory)
            return nil
        }
        data.initializeMemory(as: UInt8.self, repeating: 0, count: dnnl_memory_desc_get_size(&blockedDescriptor))
        let snapshot = UnsafeMutableRawPointer.allocate(byteCount: max(plainBytes, 1), alignment: 64)
        return Entry(source: source, snapshot: snapshot, memory: memory, data: data, lastUse: clock)
    }
}
