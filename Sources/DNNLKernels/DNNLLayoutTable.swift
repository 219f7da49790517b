import CDNNL

/// A precomputed copy between a plain buffer and a oneDNN layout: `blocked[table[i]] = plain[i]` for every element
/// `i` of the plain buffer, in both directions. For small operands (weights, biases) this plain loop replaces a
/// oneDNN reorder primitive, whose call costs microseconds of overhead and, for weights padded to a whole block
/// (e.g. 8 output channels in blocks of 16), was measured at 2.3 ms per call. A copy is exact, so results do not
/// change.
struct DNNLLayoutTable {
    /// For each element of the plain buffer (in its memory order), its offset in the blocked buffer.
    let offsets: [Int32]
    /// Elements of the blocked buffer, padding included.
    let blockedCount: Int

    /// Operands with at most this many elements use a table instead of a reorder primitive.
    static let maximumElements = 1 << 12

    /// The table from the plain layout `user` to `blocked` (same logical dimensions), or `nil` when either is not a
    /// plain blocked-format Float32 descriptor this code understands, or the operand is too large.
    init?(user: dnnl_memory_desc_t, blocked: dnnl_memory_desc_t) {
        guard user.ndims == blocked.ndims, user.format_kind == dnnl_blocked, blocked.format_kind == dnnl_blocked,
            user.data_type == dnnl_f32, blocked.data_type == dnnl_f32
        else { return nil }
        let rank = Int(user.ndims)
        let dims = Self.values(user.dims, rank)
        guard dims == Self.values(blocked.dims, rank), Self.values(blocked.padded_offsets, rank).allSatisfy({ $0 == 0 }),
            Self.values(user.padded_offsets, rank).allSatisfy({ $0 == 0 })
        else { return nil }
        let count = dims.reduce(1, *)
        guard count > 0, count <= Self.maximumElements else { return nil }
        var blockedDescriptor = blocked, userDescriptor = user
        let blockedBytes = dnnl_memory_desc_get_size(&blockedDescriptor), userBytes = dnnl_memory_desc_get_size(&userDescriptor)
        guard userBytes == count * 4, blockedBytes % 4 == 0, blockedBytes / 4 < Int(Int32.max) else { return nil }
        blockedCount = blockedBytes / 4
        let userLayout = Layout(user), blockedLayout = Layout(blocked)
        var table = [Int32](repeating: -1, count: count)
        var index = [Int](repeating: 0, count: rank)
        for _ in 0..<count {
            let source = userLayout.offset(of: index), destination = blockedLayout.offset(of: index)
            guard source >= 0, source < count, destination >= 0, destination < blockedCount, table[source] < 0
            else { return nil }
            table[source] = Int32(destination)
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < dims[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        offsets = table
    }

    /// Copies a plain buffer into a blocked one (whose padding the caller keeps at zero).
    func scatter(_ plain: UnsafeRawPointer, into blocked: UnsafeMutableRawPointer) {
        let source = plain.assumingMemoryBound(to: Float.self), destination = blocked.assumingMemoryBound(to: Float.self)
        offsets.withUnsafeBufferPointer { table in
            for i in 0..<table.count { destination[Int(table[i])] = source[i] }
        }
    }

    /// Copies a blocked buffer out into a plain one.
    func gather(_ blocked: UnsafeRawPointer, into plain: UnsafeMutableRawPointer) {
        let source = blocked.assumingMemoryBound(to: Float.self), destination = plain.assumingMemoryBound(to: Float.self)
        offsets.withUnsafeBufferPointer { table in
            for i in 0..<table.count { destination[i] = source[Int(table[i])] }
        }
    }

    /// A blocked-format descriptor's addressing, read once.
    private struct Layout {
        let base: Int, strides: [Int], blockSizes: [Int], blockDimensions: [Int]

        init(_ descriptor: dnnl_memory_desc_t) {
            let blocking = descriptor.format_desc.blocking
            let blockCount = Int(blocking.inner_nblks)
            base = Int(descriptor.offset0)
            strides = DNNLLayoutTable.values(blocking.strides, Int(descriptor.ndims))
            blockSizes = DNNLLayoutTable.values(blocking.inner_blks, blockCount)
            blockDimensions = DNNLLayoutTable.values(blocking.inner_idxs, blockCount)
        }

        /// The element offset of a logical index (oneDNN's rule: inner blocks from the innermost outwards, then
        /// the outer strides).
        func offset(of logical: [Int]) -> Int {
            var position = logical
            var offset = base, blockStride = 1
            for block in blockSizes.indices.reversed() {
                let d = blockDimensions[block], size = blockSizes[block]
                offset += (position[d] % size) * blockStride
                position[d] /= size
                blockStride *= size
            }
            for d in position.indices { offset += position[d] * strides[d] }
            return offset
        }
    }

    /// The first `count` entries of a fixed-size C array of `dnnl_dim_t`.
    private static func values(_ tuple: dnnl_dims_t, _ count: Int) -> [Int] {
        withUnsafeBytes(of: tuple) { raw in (0..<count).map { Int(raw.load(fromByteOffset: $0 * 8, as: Int64.self)) } }
    }
}
