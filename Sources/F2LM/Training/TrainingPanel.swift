import VideoData

/// The picture a training phase logs to TensorBoard every few steps: tiles of the batch's first clip side by
/// side (generator: last input frame, prediction, target, error map; Destroyer: its input, its output, the
/// diff_p map), each enlarged by an integer factor so that small working resolutions stay visible.
public enum TrainingPanel {
    /// Pixels between tiles.
    public static let gap = 2
    /// |prediction − target| (in [−1, 1] units) shown at full brightness on the error map.
    public static let errorFullScale: Float = 0.5

    /// Channels `channelOffset ..< channelOffset + channels` of clip 0 of an NCHW array with `channelsPerClip`
    /// channels, values in [−1, 1] mapped to 0…255: a grey (C = 1) or RGB (C = 3) tile.
    public static func frame(_ values: [Float], channelsPerClip: Int, channelOffset: Int = 0, channels: Int,
                             height: Int, width: Int) -> RasterImage {
        var pixels = [UInt8](repeating: 0, count: height * width * channels)
        for c in 0..<channels {
            let plane = (channelOffset + c) * height * width
            for i in 0..<(height * width) {
                let value = (values[plane + i] + 1) * 127.5
                pixels[i * channels + c] = UInt8(min(255, max(0, value.rounded())))
            }
        }
        return RasterImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// A heat tile of clip 0's values in [0, 1] (`map[y·W + x]`): black → red → yellow → white.
    public static func heat(_ map: [Float], height: Int, width: Int) -> RasterImage {
        var pixels = [UInt8](repeating: 0, count: height * width * 3)
        for i in 0..<(height * width) {
            let t = min(1, max(0, map[i])) * 3
            pixels[3 * i] = UInt8((min(1, t) * 255).rounded())
            pixels[3 * i + 1] = UInt8((min(1, max(0, t - 1)) * 255).rounded())
            pixels[3 * i + 2] = UInt8((min(1, max(0, t - 2)) * 255).rounded())
        }
        return RasterImage(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Per-pixel mean over channels of |a − b| / `errorFullScale` for clip 0 of two (N, C, H, W) arrays.
    public static func errorMap(_ a: [Float], _ b: [Float], channels: Int, height: Int, width: Int) -> [Float] {
        (0..<(height * width)).map { i in
            var sum: Float = 0
            for c in 0..<channels { sum += abs(a[c * height * width + i] - b[c * height * width + i]) }
            return sum / Float(channels) / errorFullScale
        }
    }

    /// The tiles side by side (RGB, black gaps), each enlarged `scale`× by pixel repetition.
    public static func row(_ tiles: [RasterImage], scale: Int) -> RasterImage {
        let rgb = tiles.map { $0.converted(toChannels: 3) }
        let height = (rgb.map(\.height).max() ?? 0) * scale
        let width = rgb.reduce(0) { $0 + $1.width * scale } + gap * max(0, rgb.count - 1)
        var out = RasterImage(width: width, height: height, channels: 3)
        var left = 0
        for tile in rgb {
            for y in 0..<(tile.height * scale) {
                for x in 0..<(tile.width * scale) {
                    let source = ((y / scale) * tile.width + x / scale) * 3
                    let target = (y * width + left + x) * 3
                    out.pixels[target] = tile.pixels[source]
                    out.pixels[target + 1] = tile.pixels[source + 1]
                    out.pixels[target + 2] = tile.pixels[source + 2]
                }
            }
            left += tile.width * scale + gap
        }
        return out
    }

    /// The enlargement that brings a tile of `height` pixels to at least 96 (1 for 96 and above).
    public static func scale(forHeight height: Int) -> Int {
        max(1, (96 + height - 1) / max(1, height))
    }
}
