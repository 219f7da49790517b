import CImageShim
import CPNG
import Foundation

/// Reads and writes frame images: PNG through libpng's simplified API (which catches libpng's errors
/// internally), JPEG and TIFF through the small C shim `CImageShim` (libjpeg's `error_exit` longjmps only
/// inside C; libtiff's accessors are variadic). Every failure is a thrown `VideoDataError` naming the file.
public enum ImageCodec {
    /// The largest image decoded, in pixels (2²⁵: an 8K UHD frame fits); a file whose header claims more is an
    /// error before anything is allocated.
    public static let maximumPixelCount = Int(F2LM_IMAGE_MAX_PIXELS)

    /// File extensions recognised as frames (lower case, no dot).
    public static let frameExtensions: Set<String> = ["png", "jpg", "jpeg", "tif", "tiff"]

    /// Decodes the image at `path`, choosing the decoder by extension. Grey files give 1 channel, colour 3
    /// (alpha dropped).
    public static func read(_ path: String) throws -> RasterImage {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "png":
            guard let data = FileManager.default.contents(atPath: path) else {
                throw VideoDataError(path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "file does not exist")
            }
            return try decodePNG(data, path: path)
        case "jpg", "jpeg":
            guard let data = FileManager.default.contents(atPath: path) else {
                throw VideoDataError(path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "file does not exist")
            }
            return try decodeJPEG(data, path: path)
        case "tif", "tiff":
            guard FileManager.default.fileExists(atPath: path) else { throw VideoDataError(path, "file does not exist") }
            return try readTIFF(path)
        default:
            throw VideoDataError(path, "unsupported image extension '\(ext)' (expected png, jpg or tif)")
        }
    }

    /// Writes `image` as an 8-bit PNG (grey or RGB) at `path`.
    public static func writePNG(_ image: RasterImage, to path: String) throws {
        let data = try encodePNG(image, path: path)
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw VideoDataError(path, "cannot write PNG: \(error.localizedDescription)")
        }
    }

    /// Writes `image` as a JPEG of the given quality (1–100) at `path`.
    public static func writeJPEG(_ image: RasterImage, to path: String, quality: Int = 95) throws {
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let ok = image.pixels.withUnsafeBufferPointer { buffer in
            f2lm_jpeg_encode(buffer.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                             Int32(quality), &output, &size, &message, message.count)
        }
        guard ok == 1, let output else { throw VideoDataError(path, "cannot encode JPEG: \(cText(message))") }
        defer { free(output) }
        let data = Data(bytes: output, count: size)
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw VideoDataError(path, "cannot write JPEG: \(error.localizedDescription)")
        }
    }

    /// Writes `image` as an uncompressed 8-bit TIFF at `path`.
    public static func writeTIFF(_ image: RasterImage, to path: String) throws {
        var message = [CChar](repeating: 0, count: 512)
        let ok = image.pixels.withUnsafeBufferPointer { buffer in
            f2lm_tiff_write(path, buffer.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                            &message, message.count)
        }
        guard ok == 1 else { throw VideoDataError(path, cText(message)) }
    }

    /// Decodes PNG bytes; `path` is used in error messages only.
    public static func decodePNG(_ data: Data, path: String) throws -> RasterImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let began = data.withUnsafeBytes { raw in
            png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
        }
        guard began != 0 else {
            let text = pngMessage(&image)
            png_image_free(&image)
            throw VideoDataError(path, "corrupt PNG: \(text)")
        }
        let color = (image.format & UInt32(PNG_FORMAT_FLAG_COLOR)) != 0
        let channels = color ? 3 : 1
        image.format = color ? UInt32(PNG_FORMAT_RGB) : UInt32(PNG_FORMAT_GRAY)
        let width = Int(image.width), height = Int(image.height)
        guard width * height <= maximumPixelCount else {
            png_image_free(&image)
            throw VideoDataError(path, "PNG of \(width)x\(height) pixels is larger than the \(maximumPixelCount) pixels read")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        // The file bytes must stay alive until finish_read (simplified API reads from memory lazily).
        let finished = data.withUnsafeBytes { raw -> Int32 in
            _ = raw
            return pixels.withUnsafeMutableBytes { out in
                png_image_finish_read(&image, nil, out.baseAddress, 0, nil)
            }
        }
        guard finished != 0 else {
            let text = pngMessage(&image)
            png_image_free(&image)
            throw VideoDataError(path, "corrupt or truncated PNG: \(text)")
        }
        return RasterImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Encodes an 8-bit grey or RGB image as PNG bytes.
    public static func encodePNG(_ image: RasterImage, path: String = "<memory>") throws -> Data {
        var descriptor = png_image()
        descriptor.version = UInt32(PNG_IMAGE_VERSION)
        descriptor.width = UInt32(image.width)
        descriptor.height = UInt32(image.height)
        descriptor.format = image.channels == 3 ? UInt32(PNG_FORMAT_RGB) : UInt32(PNG_FORMAT_GRAY)
        var size = 0
        let probe = image.pixels.withUnsafeBytes { raw in
            png_image_write_to_memory(&descriptor, nil, &size, 0, raw.baseAddress, 0, nil)
        }
        guard probe != 0, size > 0 else { throw VideoDataError(path, "cannot encode PNG: \(pngMessage(&descriptor))") }
        var bytes = [UInt8](repeating: 0, count: size)
        let ok = bytes.withUnsafeMutableBytes { out in
            image.pixels.withUnsafeBytes { raw in
                png_image_write_to_memory(&descriptor, out.baseAddress, &size, 0, raw.baseAddress, 0, nil)
            }
        }
        guard ok != 0 else { throw VideoDataError(path, "cannot encode PNG: \(pngMessage(&descriptor))") }
        return Data(bytes.prefix(size))
    }

    /// Decodes JPEG bytes through the shim; corrupt and truncated streams throw.
    public static func decodeJPEG(_ data: Data, path: String) throws -> RasterImage {
        guard data.count >= 4, data[data.startIndex] == 0xFF, data[data.startIndex + 1] == 0xD8 else {
            throw VideoDataError(path, "not a JPEG file (missing SOI marker)")
        }
        var pixels: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let ok = data.withUnsafeBytes { raw in
            f2lm_jpeg_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &pixels, &width, &height,
                             &channels, &message, message.count)
        }
        guard ok == 1, let pixels else {
            throw VideoDataError(path, "corrupt or truncated JPEG: \(cText(message))")
        }
        defer { f2lm_jpeg_free(pixels) }
        let count = Int(width) * Int(height) * Int(channels)
        return RasterImage(width: Int(width), height: Int(height), channels: Int(channels),
                           pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// Reads a TIFF file through the shim.
    public static func readTIFF(_ path: String) throws -> RasterImage {
        var pixels: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        var message = [CChar](repeating: 0, count: 512)
        let ok = f2lm_tiff_read(path, &pixels, &width, &height, &channels, &message, message.count)
        guard ok == 1, let pixels else { throw VideoDataError(path, "corrupt TIFF: \(cText(message))") }
        defer { f2lm_tiff_free(pixels) }
        let count = Int(width) * Int(height) * Int(channels)
        return RasterImage(width: Int(width), height: Int(height), channels: Int(channels),
                           pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    private static func cText(_ chars: [CChar]) -> String {
        let bytes = chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func pngMessage(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[0..<end], as: UTF8.self)
        }
    }
}
