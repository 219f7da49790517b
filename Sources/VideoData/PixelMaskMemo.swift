import Memoization

/// Anomaly masks at the working size (`VideoLoader.pixelMask`) kept in memory across the stage nodes of one process,
/// so a test video's `pixel_masks/` images are decoded and resized once instead of once per scores node.
///
/// Why: a scores node with a Destroyer reads the mask of every scored frame (2,853 PNG files per node at the default
/// scale), and a process scores each test split with every Destroyer of every generator on it.
///
/// Exactness: a mask is looked up by its file's path and state (device, inode, size, modification time in
/// nanoseconds, as `PreparedVideoMemo`) and the working size; a hit is the mask the loader would compute again from the
/// same file. On when `PreparedVideoMemo.isEnabled` (the same switch: `f2lm run`, `f2lm node serve`, `f2lm report`).
/// Memory: 1 byte per working pixel (1 KB per frame at 32 × 32); least recently used masks dropped beyond 64 MiB.
enum PixelMaskMemo {
    struct Key: Hashable {
        var path: String
        var file: PreparedVideoMemo.FileStamp
        var width: Int
        var height: Int
    }

    static let shared = SharedMemo<Key, [UInt8]>(capacityBytes: 64 << 20) { $0.count }

    /// The mask of the file at `path` at `width × height`, from the memo when enabled and the file is unchanged, else
    /// `compute()`.
    static func mask(path: String, width: Int, height: Int, compute: () throws -> [UInt8]) throws -> [UInt8] {
        guard PreparedVideoMemo.isEnabled else { return try compute() }
        let key = Key(path: path, file: PreparedVideoMemo.FileStamp(path: path), width: width, height: height)
        return try shared.value(for: key, compute: compute)
    }
}
