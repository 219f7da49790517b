/// An 8-bit image with interleaved channels (row-major H×W×C; C = 1 grey, 3 RGB).
public struct RasterImage: Equatable, Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Channels per pixel: 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Pixel bytes, index `(y * width + x) * channels + c`.
    public var pixels: [UInt8]

    /// Creates an image from its pixel bytes; `pixels.count` must be `width * height * channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(channels == 1 || channels == 3, "RasterImage: channels must be 1 or 3, got \(channels)")
        precondition(pixels.count == width * height * channels, "RasterImage: pixel count does not match size")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A black image of the given size.
    public init(width: Int, height: Int, channels: Int) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [UInt8](repeating: 0, count: width * height * channels))
    }

    /// The image converted to `channels` channels: grey → RGB repeats the value, RGB → grey uses the
    /// ITU-R BT.601 luma `0.299 R + 0.587 G + 0.114 B`.
    public func converted(toChannels target: Int) -> RasterImage {
        if target == channels { return self }
        let count = width * height
        var out = [UInt8](repeating: 0, count: count * target)
        if target == 3 {
            for i in 0..<count { let v = pixels[i]; out[3 * i] = v; out[3 * i + 1] = v; out[3 * i + 2] = v }
        } else {
            for i in 0..<count {
                let luma = 0.299 * Float(pixels[3 * i]) + 0.587 * Float(pixels[3 * i + 1]) + 0.114 * Float(pixels[3 * i + 2])
                out[i] = UInt8(min(255, max(0, luma.rounded())))
            }
        }
        return RasterImage(width: width, height: height, channels: target, pixels: out)
    }

    /// The image resized to `newWidth × newHeight` with area-aware bilinear sampling (pixel centres aligned,
    /// `align_corners = false`; when shrinking by more than 2× the source is first box-averaged).
    public func resized(width newWidth: Int, height newHeight: Int) -> RasterImage {
        if newWidth == width && newHeight == height { return self }
        let plane = ImageResampler.resize(bytes: pixels, width: width, height: height, channels: channels,
                                          newWidth: newWidth, newHeight: newHeight)
        return RasterImage(width: newWidth, height: newHeight, channels: channels,
                           pixels: plane.map { UInt8(min(255, max(0, $0.rounded()))) })
    }
}

/// Resampling helpers shared by images, label maps and flow fields.
enum ImageResampler {
    /// Bilinear resize of interleaved float data with box pre-filtering for large reductions.
    static func resize(values: [Float], width: Int, height: Int, channels: Int,
                       newWidth: Int, newHeight: Int) -> [Float] {
        var source = values
        var sw = width, sh = height
        // Box-average by integer factors while the image is more than twice the target size.
        while sw >= 2 * newWidth && sh >= 2 * newHeight && sw % 2 == 0 && sh % 2 == 0 {
            let hw = sw / 2, hh = sh / 2
            var half = [Float](repeating: 0, count: hw * hh * channels)
            for y in 0..<hh {
                for x in 0..<hw {
                    for c in 0..<channels {
                        let a = source[((2 * y) * sw + 2 * x) * channels + c]
                        let b = source[((2 * y) * sw + 2 * x + 1) * channels + c]
                        let d = source[((2 * y + 1) * sw + 2 * x) * channels + c]
                        let e = source[((2 * y + 1) * sw + 2 * x + 1) * channels + c]
                        half[(y * hw + x) * channels + c] = 0.25 * (a + b + d + e)
                    }
                }
            }
            source = half; sw = hw; sh = hh
        }
        if sw == newWidth && sh == newHeight { return source }
        var out = [Float](repeating: 0, count: newWidth * newHeight * channels)
        let sx = Float(sw) / Float(newWidth), sy = Float(sh) / Float(newHeight)
        for y in 0..<newHeight {
            let fy = max(0, min(Float(sh - 1), (Float(y) + 0.5) * sy - 0.5))
            let y0 = Int(fy), y1 = min(sh - 1, y0 + 1), wy = fy - Float(y0)
            for x in 0..<newWidth {
                let fx = max(0, min(Float(sw - 1), (Float(x) + 0.5) * sx - 0.5))
                let x0 = Int(fx), x1 = min(sw - 1, x0 + 1), wx = fx - Float(x0)
                for c in 0..<channels {
                    let v00 = source[(y0 * sw + x0) * channels + c], v01 = source[(y0 * sw + x1) * channels + c]
                    let v10 = source[(y1 * sw + x0) * channels + c], v11 = source[(y1 * sw + x1) * channels + c]
                    out[(y * newWidth + x) * channels + c] =
                        (1 - wy) * ((1 - wx) * v00 + wx * v01) + wy * ((1 - wx) * v10 + wx * v11)
                }
            }
        }
        return out
    }

    static func resize(bytes: [UInt8], width: Int, height: Int, channels: Int, newWidth: Int, newHeight: Int) -> [Float] {
        resize(values: bytes.map { Float($0) }, width: width, height: height, channels: channels,
               newWidth: newWidth, newHeight: newHeight)
    }

    /// Nearest-neighbour resize (for class-id maps, where averaging ids is meaningless).
    static func nearest(bytes: [UInt8], width: Int, height: Int, newWidth: Int, newHeight: Int) -> [UInt8] {
        if width == newWidth && height == newHeight { return bytes }
        var out = [UInt8](repeating: 0, count: newWidth * newHeight)
        for y in 0..<newHeight {
            let sy = min(height - 1, Int((Float(y) + 0.5) * Float(height) / Float(newHeight)))
            for x in 0..<newWidth {
                let sx = min(width - 1, Int((Float(x) + 0.5) * Float(width) / Float(newWidth)))
                out[y * newWidth + x] = bytes[sy * width + sx]
            }
        }
        return out
    }
}
