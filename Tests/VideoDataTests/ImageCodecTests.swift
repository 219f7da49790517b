import Foundation
import XCTest
@testable import VideoData

final class ImageCodecTests: XCTestCase {
    func pattern(width: Int, height: Int, channels: Int) -> RasterImage {
        RasterImage(width: width, height: height, channels: channels,
                    pixels: (0..<(width * height * channels)).map { UInt8(($0 * 37 + $0 / 7) % 256) })
    }

    func smooth(width: Int, height: Int, channels: Int) -> RasterImage {
        var p = [UInt8]()
        for y in 0..<height { for x in 0..<width { for c in 0..<channels { p.append(UInt8(40 + 3 * x + 2 * y + 20 * c)) } } }
        return RasterImage(width: width, height: height, channels: channels, pixels: p)
    }

    func testPNGAndTIFFRoundTripExactly() throws {
        let dir = try TemporaryFolder()
        for channels in [1, 3] {
            let image = pattern(width: 13, height: 7, channels: channels)
            try ImageCodec.writePNG(image, to: dir.path + "/a\(channels).png")
            XCTAssertEqual(try ImageCodec.read(dir.path + "/a\(channels).png"), image)
            try ImageCodec.writeTIFF(image, to: dir.path + "/a\(channels).tif")
            XCTAssertEqual(try ImageCodec.read(dir.path + "/a\(channels).tif"), image)
        }
    }

    func testJPEGDecodesCloseToSource() throws {
        let dir = try TemporaryFolder()
        for channels in [1, 3] {
            let image = smooth(width: 24, height: 16, channels: channels)
            try ImageCodec.writeJPEG(image, to: dir.path + "/a.jpg", quality: 98)
            let back = try ImageCodec.read(dir.path + "/a.jpg")
            XCTAssertEqual(back.width, 24); XCTAssertEqual(back.height, 16); XCTAssertEqual(back.channels, channels)
            let maxError = zip(back.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.max()!
            XCTAssertLessThanOrEqual(maxError, 6)
        }
    }

    func testCorruptAndTruncatedImagesThrowNamingTheFile() throws {
        let dir = try TemporaryFolder()
        let image = smooth(width: 32, height: 32, channels: 3)
        try ImageCodec.writeJPEG(image, to: dir.path + "/full.jpg")
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/full.jpg"))
        try jpeg.prefix(jpeg.count / 2).write(to: URL(fileURLWithPath: dir.path + "/cut.jpg"))
        try ImageCodec.writePNG(image, to: dir.path + "/full.png")
        let png = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/full.png"))
        try png.prefix(png.count / 2).write(to: URL(fileURLWithPath: dir.path + "/cut.png"))
        try Data([1, 2, 3, 4, 5]).write(to: URL(fileURLWithPath: dir.path + "/junk.tif"))
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: dir.path + "/junk.jpg"))
        for name in ["cut.jpg", "cut.png", "junk.tif", "junk.jpg", "missing.png"] {
            XCTAssertThrowsError(try ImageCodec.read(dir.path + "/" + name), name) { error in
                XCTAssertTrue("\(error)".contains(name), "\(error)")
            }
        }
    }

    func testImagesLargerThanTheLimitAreRejectedBeforeAllocating() throws {
        // Headers claiming 60000² (PNG) and 65000² (JPEG) pixels, found by reading the decoders: each would have
        // allocated gigabytes before decoding failed.
        for name in ["known-huge-png.png", "known-huge-jpeg.jpg"] {
            let path = fuzzCorpusFile("image/crashes/\(name)")
            XCTAssertThrowsError(try ImageCodec.read(path), name) { error in
                XCTAssertEqual((error as? VideoDataError)?.path, path)
                XCTAssertTrue("\(error)".contains("larger than the \(ImageCodec.maximumPixelCount) pixels"), "\(error)")
            }
        }
    }

    func testResizeAndChannelConversion() {
        let image = RasterImage(width: 4, height: 2, channels: 1, pixels: [0, 0, 200, 200, 0, 0, 200, 200])
        let half = image.resized(width: 2, height: 1)
        XCTAssertEqual(half.pixels, [0, 200])
        let rgb = image.converted(toChannels: 3)
        XCTAssertEqual(Array(rgb.pixels.prefix(9)), [0, 0, 0, 0, 0, 0, 200, 200, 200])
        XCTAssertEqual(rgb.converted(toChannels: 1), image)
    }
}
