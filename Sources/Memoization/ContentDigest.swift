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
        first = Self.lane(bytes, seed: previous.map { $0.first } ?? 0x5F2C_4A81)
        second = Self.lane(bytes, seed: previous.map { $0.second ^ Self.p5 } ?? 0x0D1E_73B9_6A02)
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

    private static func lane(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var offset = 0
        var hash: UInt64
        if count >= 32 {
            var a = seed &+ p1 &+ p2, b = seed &+ p2, c = seed, d = seed &- p1
            while offset + 32 <= count {
                a = round(a, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                b = round(b, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                c = round(c, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                d = round(d, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
            }
            hash = ((a << 1) | (a >> 63)) &+ ((b << 7) | (b >> 57)) &+ ((c << 12) | (c >> 52)) &+ ((d << 18) | (d >> 46))
            hash = merge(merge(merge(merge(hash, a), b), c), d)
        } else {
            hash = seed &+ p5
        }
        hash = hash &+ UInt64(count)
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
