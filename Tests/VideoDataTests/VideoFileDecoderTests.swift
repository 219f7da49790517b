import CVideoDecoder
import Foundation
import TestSupport
import VideoData
import XCTest

/// The FFmpeg shim's limits: it writes nothing past the caller's packed RGB buffer, reads only the whitelisted
/// containers and codecs, and refuses frames larger than 4096 × 4096 pixels — each refusal a message naming why.
final class VideoFileDecoderTests: XCTestCase {
    /// libswscale writes 8-byte vectors: converting into a packed buffer of a narrow frame wrote up to 6 bytes past
    /// its end (a 2 × 20 frame of the fuzzer's input, 120 bytes, corrupted the heap). Each video is decoded into a
    /// buffer of exactly width × height × 3 bytes followed by guard bytes that must come back untouched.
    func testNarrowFramesWriteNothingPastTheBuffer() throws {
        let folder = try TemporaryFolder()
        var videos = [Self.fuzzCorpus.appendingPathComponent("mpeg4_2x20_1frame.m4v").path]
        for width in [1, 2, 3, 6] {
            let path = folder.path + "/narrow\(width).avi"
            try PublishedLayoutFixtures.run("/usr/bin/ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                                                                "testsrc=size=\(width)x20:rate=5", "-frames:v", "2", "-c:v", "ffv1",
                                                                "-pix_fmt", "yuv420p", path])
            videos.append(path)
        }
        for path in videos {
            var message = [CChar](repeating: 0, count: 512)
            guard let video = f2lm_video_open(path, &message, Int32(message.count)) else {
                XCTFail("\(path): \(String(cString: message))")
                continue
            }
            defer { f2lm_video_close(video) }
            let frameBytes = Int(f2lm_video_width(video)) * Int(f2lm_video_height(video)) * 3
            let guardBytes = 64
            var buffer = [UInt8](repeating: 0xA5, count: frameBytes + guardBytes)
            var frames = 0
            while true {
                let status = buffer.withUnsafeMutableBufferPointer { f2lm_video_next_frame(video, $0.baseAddress, &message, Int32(message.count)) }
                XCTAssertGreaterThanOrEqual(status, 0, "\(path): \(String(cString: message))")
                if status != 1 { break }
                frames += 1
            }
            XCTAssertGreaterThan(frames, 0, path)
            let touched = buffer[frameBytes...].filter { $0 != 0xA5 }.count
            XCTAssertEqual(touched, 0, "\(path): \(touched) of the \(guardBytes) bytes after the \(frameBytes)-byte frame were written")
        }
    }

    /// A container or a codec outside the whitelists, and an oversized frame, are errors naming the file and the
    /// reason; the containers and codecs of real datasets decode.
    func testOnlyWhitelistedContainersAndCodecsAreRead() throws {
        let folder = try TemporaryFolder()
        func encode(_ name: String, size: String = "32x24", codec: [String]) throws -> String {
            let path = folder.path + "/" + name
            try PublishedLayoutFixtures.run("/usr/bin/ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                                                                "testsrc=size=\(size):rate=5", "-frames:v", "3"] + codec + [path])
            return path
        }
        for (name, codec) in [("mpeg4.avi", ["-c:v", "mpeg4"]), ("mjpeg.mkv", ["-c:v", "mjpeg"]), ("h264.mp4", ["-c:v", "libx264"]),
                              ("mpeg2.mpg", ["-c:v", "mpeg2video"]), ("ffv1.avi", ["-c:v", "ffv1"])] {
            let path = try encode(name, codec: codec)
            XCTAssertEqual(try VideoFileDecoder.frames(path).count, 3, name)
        }
        let refusals: [(String, [String], String)] = [
            ("flash.flv", ["-c:v", "flv1"], "containers read: avi,mov"),
            ("cinepak.avi", ["-c:v", "cinepak", "-pix_fmt", "rgb24"], "is coded as cinepak, not one of the codecs read"),
        ]
        for (name, codec, reason) in refusals {
            let path = try encode(name, codec: codec)
            XCTAssertThrowsError(try VideoFileDecoder.frames(path), name) { error in
                let error = error as? VideoDataError
                XCTAssertEqual(error?.path, path)
                XCTAssertTrue(error?.reason.contains(reason) ?? false, "\(name): \(String(describing: error))")
            }
        }
        let large = try encode("large.avi", size: "4100x4100", codec: ["-c:v", "ffv1", "-frames:v", "1"])
        XCTAssertThrowsError(try VideoFileDecoder.frames(large)) { error in
            XCTAssertTrue((error as? VideoDataError)?.reason.contains("4100x4100 is larger than the 4096x4096 pixels read") ?? false, "\(error)")
        }
    }

    static let fuzzCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus/video")
}
