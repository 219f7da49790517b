import Foundation
import Memoization
import Synchronization

/// Prepared videos (`PreparedVideo`: frames, label maps or segmenter scores, flow at the working size) kept in memory
/// across the stage nodes of one process, so a split is read, resized and scored once instead of once per node.
///
/// Why: every generator and Destroyer node loads its dataset's training split and every scores node its test split.
/// With `data.labels: scores` on a synthetic family, preparing a frame draws 21 × 1,049 normal deviates for the
/// segmenter score model (`SegmenterScoreModel`); at the default scale that was about a third of a scores node's
/// time, and a process runs up to 13 scores nodes per generator on the same test split.
///
/// Exactness: an entry's key is everything `PreparedVideo.init` reads: the record (every path, name, flag and
/// label), the clip configuration, whether its class ids are synthetic, and each file's identity and state
/// (device, inode, size, modification time in nanoseconds) at look-up. A hit is the value the loader would build
/// again from the same files; a file rewritten in place gets a new modification time and is read again.
///
/// Off by default: `f2lm run` (its in-process nodes), `f2lm node serve` (its workers) and `f2lm report` switch it on
/// (`isEnabled`). Memory: least recently used
/// videos are dropped beyond `capacityBytes` (default: 2 GiB or an eighth of the machine's memory, whichever is
/// less; a 32 × 32 RGB frame with 21 score planes takes 98 KB, so a default-scale stand-in's two splits take about
/// 400 MB).
public enum PreparedVideoMemo {
    /// What identifies a prepared video.
    struct Key: Hashable {
        var record: RecordKey
        var configuration: ClipConfiguration
        var syntheticClasses: Bool
        var files: [FileStamp]
    }

    /// A record, hashed by its name and paths and compared whole.
    struct RecordKey: Hashable {
        var record: VideoRecord

        static func == (a: RecordKey, b: RecordKey) -> Bool { a.record == b.record }

        func hash(into hasher: inout Hasher) {
            hasher.combine(record.name)
            hasher.combine(record.framePaths)
            hasher.combine(record.labelPaths)
            hasher.combine(record.scorePaths)
            hasher.combine(record.flowPaths)
            hasher.combine(record.videoPath)
        }
    }

    /// A file's identity and state, or `missing` for a path that cannot be examined.
    struct FileStamp: Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int

        static let missing = FileStamp(device: 0, inode: 0, size: -1, modifiedSeconds: 0, modifiedNanoseconds: 0)
    }

    private static let enabled = Mutex(false)

    /// Whether `PreparedVideo.prepared(record:configuration:syntheticClasses:)` uses the memo (process-wide; `false`
    /// until a caller, such as `f2lm run`, switches it on).
    public static var isEnabled: Bool {
        get { enabled.withLock { $0 } }
        set { enabled.withLock { $0 = newValue } }
    }

    /// The default capacity: 2 GiB or an eighth of the physical memory, whichever is less.
    public static var defaultCapacityBytes: Int {
        min(2 << 30, Int(clamping: ProcessInfo.processInfo.physicalMemory / 8))
    }

    /// The process's memo.
    static let shared = SharedMemo<Key, PreparedVideo>(capacityBytes: defaultCapacityBytes) { $0.byteCount }

    /// Look-ups answered from the memo and videos prepared from their files, since start or `removeAll()`.
    public static var statistics: (hits: Int, misses: Int) { shared.statistics }

    /// Bytes of prepared videos held.
    public static var storedBytes: Int { shared.storedBytes }

    /// Drops every entry and resets the counters.
    public static func removeAll() { shared.removeAll() }

    /// The key of `record` under `configuration`, with the current state of every file it names.
    static func key(record: VideoRecord, configuration: ClipConfiguration, syntheticClasses: Bool) -> Key {
        let paths = record.framePaths + (record.labelPaths ?? []) + (record.scorePaths ?? []) + (record.flowPaths ?? [])
            + (record.videoPath.map { [$0] } ?? [])
        return Key(record: RecordKey(record: record), configuration: configuration, syntheticClasses: syntheticClasses,
                   files: paths.map(FileStamp.init(path:)))
    }
}

extension PreparedVideoMemo.FileStamp {
    /// The stamp of the file at `path` now (`missing` when `stat` fails).
    init(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            self = .missing
            return
        }
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                  modifiedSeconds: Int(status.st_mtim.tv_sec), modifiedNanoseconds: Int(status.st_mtim.tv_nsec))
    }
}

extension PreparedVideo {
    /// `PreparedVideo(record:configuration:syntheticClasses:)`, from `PreparedVideoMemo` when it is enabled and
    /// holds this record with unchanged files.
    public static func prepared(record: VideoRecord, configuration: ClipConfiguration,
                                syntheticClasses: Bool) throws -> PreparedVideo {
        guard PreparedVideoMemo.isEnabled else {
            return try PreparedVideo(record: record, configuration: configuration, syntheticClasses: syntheticClasses)
        }
        let key = PreparedVideoMemo.key(record: record, configuration: configuration, syntheticClasses: syntheticClasses)
        return try PreparedVideoMemo.shared.value(for: key) {
            try PreparedVideo(record: record, configuration: configuration, syntheticClasses: syntheticClasses)
        }
    }

    /// Bytes of its frames, label maps, scores and flow.
    var byteCount: Int {
        frames.reduce(0) { $0 + $1.count } + labels.reduce(0) { $0 + $1.count }
            + 4 * (scores.reduce(0) { $0 + $1.count } + flows.reduce(0) { $0 + $1.count })
    }
}
