import CVideoDecoder
import Foundation

/// Reads the frames of a video file (`.avi`, `.mp4`, … whatever Debian's FFmpeg demuxes and decodes) as RGB
/// `RasterImage`s, one at a time, through the `CVideoDecoder` shim over libavformat/libavcodec/libswscale.
///
/// A file that cannot be opened, holds corrupt data, changes frame size, or is truncated is a `VideoDataError`
/// naming it. Truncation is recognised three ways: the demuxer or decoder fails, the container declares more
/// frames than could be decoded (AVI's header does), or no frame decodes at all.
public enum VideoFileDecoder {
    /// File extensions read as videos when they appear where a dataset layout expects videos.
    public static let videoExtensions: Set<String> = ["avi", "mp4", "mkv", "mov", "mpg", "mpeg", "webm", "m4v"]

    /// Largest frame count decoded from one file (a file declaring or yielding more is an error): far above
    /// any video of the datasets (ShanghaiTech's longest has about 1,000 frames).
    public static let maximumFrames = 1_000_000

    /// Decodes every frame of the video at `path` in order, calling `body(index, frame)` for each (0-based);
    /// returns the frame count. Frames are 3-channel RGB at the stream's size.
    @discardableResult
    public static func forEachFrame(_ path: String, _ body: (Int, RasterImage) throws -> Void) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { throw VideoDataError(path, "video file does not exist") }
        var message = [CChar](repeating: 0, count: 512)
        guard let video = f2lm_video_open(path, &message, Int32(message.count)) else {
            throw VideoDataError(path, text(message))
        }
        defer { f2lm_video_close(video) }
        let width = Int(f2lm_video_width(video)), height = Int(f2lm_video_height(video))
        let declared = Int(f2lm_video_declared_frames(video))
        guard declared <= maximumFrames else {
            throw VideoDataError(path, "declares \(declared) frames, more than the \(maximumFrames) read from one video")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var count = 0
        while true {
            let status = pixels.withUnsafeMutableBufferPointer { buffer in
                f2lm_video_next_frame(video, buffer.baseAddress, &message, Int32(message.count))
            }
            if status == 0 { break }
            if status < 0 { throw VideoDataError(path, "\(text(message)) after \(count) frames") }
            guard count < maximumFrames else { throw VideoDataError(path, "has more than \(maximumFrames) frames") }
            try body(count, RasterImage(width: width, height: height, channels: 3, pixels: pixels))
            count += 1
        }
        if count == 0 { throw VideoDataError(path, "no frame could be decoded (empty or truncated video)") }
        if declared > 0 && count < declared {
            throw VideoDataError(path, "truncated: the file declares \(declared) frames but only \(count) could be decoded")
        }
        return count
    }

    /// The NUL-terminated message the shim wrote into `buffer`.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Every frame of the video at `path` (see `forEachFrame`).
    public static func frames(_ path: String) throws -> [RasterImage] {
        var frames: [RasterImage] = []
        try forEachFrame(path) { _, frame in frames.append(frame) }
        return frames
    }
}
