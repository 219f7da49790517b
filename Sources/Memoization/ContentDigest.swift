/// A fast 128-bit digest of bytes, for memo keys that stand for large numeric buffers (not cryptographic: it guards
/// against accidental equality, not against an adversary).
///
/// Two independent lanes of 64 bits, each the xxHash64 construction over 8-byte words with its own seed: four
/// accumulators `acc ← rotl(acc + w·P₂, 31)·P₁` take every fourth word, are merged, and the tail bytes and the length
/// are folded in with the same rounds and xxHash64's avalanche. About ten times the throughput of the standard
/// library's SipHash `Hasher`, which matters when a memo digests a batch of inputs per look-up.
public struct ContentDigest: Hashable, Sendable {
    /// The two 64-bit lanes.
    public var first: UInt64
    public var second: UInt64

    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The digest of `bytes`, continuing from `previous` (so several buffers can be chained in order).
    public init(_ bytes: UnsafeRawBufferPointer, previous: ContentDigest? = nil) {
        (first, second) = Self.lanes(
            bytes, seeds: (previous.map { $0.first } ?? 0x5F2C_4A81, previous.map { $0.second ^ Self.p5 } ?? 0x0D1E_73B9_6A02))
    }

    /// The digest of an array's elements' bytes (trivial types only), continuing from `previous`.
    public init<Element: BitwiseCopyable>(of array: [Element], previous: ContentDigest? = nil) {
        self = array.withUnsafeBytes { ContentDigest($0, previous: previous) }
    }

    @inline(__always) private static func round(_ acc: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = acc &+ word &* p2
        return ((mixed << 31) | (mixed >> 33)) &* p1
    }

    @inline(__always) private static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* p1 &+ p4
    }

    /// The two lanes over the same bytes in one pass: the 32-byte stripes of both go through one loop (the memory
    /// is read once and eight multiply chains overlap), each lane's value exactly that of its own xxHash64 pass.
    private static func lanes(_ bytes: UnsafeRawBufferPointer, seeds: (UInt64, UInt64)) -> (UInt64, UInt64) {
        let count = bytes.count
        var offset = 0
        var hash: (UInt64, UInt64)
        if count >= 32 {
            var a = seeds.0 &+ p1 &+ p2, b = seeds.0 &+ p2, c = seeds.0, d = seeds.0 &- p1
            var e = seeds.1 &+ p1 &+ p2, f = seeds.1 &+ p2, g = seeds.1, h = seeds.1 &- p1
            while offset + 32 <= count {
                let w0 = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let w1 = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
                let w2 = bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)
                let w3 = bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)
                a = round(a, w0)
                e = round(e, w0)
                b = round(b, w1)
                f = round(f, w1)
                c = round(c, w2)
                g = round(g, w2)
                d = round(d, w3)
                h = round(h, w3)
                offset += 32
            }
            hash = (converge(a, b, c, d), converge(e, f, g, h))
        } else {
            hash = (seeds.0 &+ p5, seeds.1 &+ p5)
        }
        return (finish(hash.0, bytes, from: offset), finish(hash.1, bytes, from: offset))
    }

    /// xxHash64's merge of its four stripe accumulators.
    @inline(__always) private static func converge(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> UInt64 {
        let hash = ((a << 1) | (a >> 63)) &+ ((b << 7) | (b >> 57)) &+ ((c << 12) | (c >> 52)) &+ ((d << 18) | (d >> 46))
        return merge(merge(merge(merge(hash, a), b), c), d)
    }

    /// Folds in the length and the bytes from `offset` on (fewer than 32), then avalanches.
    private static func finish(_ accumulated: UInt64, _ bytes: UnsafeRawBufferPointer, from offset: Int) -> UInt64 {
        let count = bytes.count
        var offset = offset
        var hash = accumulated &+ UInt64(count)
        while offset + 8 <= count {
            let k = round(0, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash ^= k
            hash = ((hash << 27) | (hash >> 37)) &* p1 &+ p4
            offset += 8
        }
        while offset < count {
            hash ^= UInt64(bytes[offset]) &* p5
            hash = ((hash << 11) | (hash >> 53)) &* p1
            offset += 1
        }
        hash ^= hash >> 33
        hash = hash &* p2
        hash ^= hash >> 29
        hash = hash &* p3
        hash ^= hash >> 32
        return hash
    }
}
