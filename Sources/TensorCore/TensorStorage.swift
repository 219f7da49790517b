/// A contiguous, 64-byte aligned buffer of `Float` values owned by one or more tensors.
///
/// Reshaped tensors share their storage; every op that computes new values allocates new storage.
/// The buffer is freed when the last tensor (or backward closure) referencing it goes away.
public final class TensorStorage {
    /// The first element.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of `Float` elements.
    public let count: Int
    /// Size of the allocation (a `BufferPool` size class).
    let byteCount: Int

    /// Allocates `count` uninitialised elements (filled with zeros when `zeroed`).
    public init(count: Int, zeroed: Bool = false) {
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        byteCount = BufferPool.roundedSize(count * MemoryLayout<Float>.stride)
        let raw = BufferPool.allocate(bytes: byteCount)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        self.count = count
        if zeroed { pointer.initialize(repeating: 0, count: count) }
        MemoryStatistics.allocated(bytes: count * 4)
    }

    deinit {
        MemoryStatistics.freed(bytes: count * 4)
        BufferPool.release(UnsafeMutableRawPointer(pointer), bytes: byteCount)
    }

    /// A buffer pointer over all elements.
    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
