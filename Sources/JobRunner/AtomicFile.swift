import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that never leave a half-written file: the content goes to a temporary file in the same folder,
/// which is then renamed over the destination with `rename(2)`.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the parent folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CacheError.io(path: folder.path, message: "cannot create folder: \(error.localizedDescription)")
        }
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(random)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw CacheError.io(path: temporary.path, message: "cannot write file")
        }
        if rename(temporary.path, url.path) != 0 {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CacheError.io(path: url.path, message: "cannot replace file: \(message)")
        }
    }

    /// Writes UTF-8 text to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
