import Foundation
import VideoData

/// An image as the model produces it: `Float` values in [−1, 1], layout C×H×W (channel-major), C = 1 or 3.
public struct ModelImage: Sendable, Equatable {
    /// Channels (1 grey, 3 RGB).
    public var channels: Int
    /// Height in pixels.
    public var height: Int
    /// Width in pixels.
    public var width: Int
    /// Values, index `(c * height + y) * width + x`, in [−1, 1] (clamped when drawn).
    public var values: [Float]

    /// An image from its C×H×W values; `values.count` must be `channels * height * width`.
    public init(channels: Int, height: Int, width: Int, values: [Float]) {
        precondition(channels == 1 || channels == 3, "ModelImage: channels must be 1 or 3, got \(channels)")
        precondition(values.count == channels * height * width, "ModelImage: value count does not match C×H×W")
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    /// The image as 8-bit RGB: `byte = round((clamp(v, −1, 1) + 1) / 2 · 255)`; grey repeated over R, G, B.
    public func raster() -> RasterImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    let source = channels == 1 ? 0 : c
                    let v = Swift.min(Swift.max(values[(source * height + y) * width + x], -1), 1)
                    pixels[(y * width + x) * 3 + c] = UInt8(((v + 1) / 2 * 255).rounded())
                }
            }
        }
        return RasterImage(width: width, height: height, channels: 3, pixels: pixels)
    }
}

/// The six pictures of one test frame, side by side: last input frame, real future frame, generator prediction,
/// Destroyer output, per-pixel error map (|prediction − real|), anomaly mask.
public struct FrameMontage: Sendable {
    /// The last frame the generator saw.
    public var lastInput: ModelImage
    /// The real next frame (target).
    public var realFuture: ModelImage
    /// The generator's prediction of it.
    public var prediction: ModelImage
    /// The Destroyer's output for the prediction, or `nil` for a run without a Destroyer (tile drawn black).
    public var destroyerOutput: ModelImage?
    /// The anomaly mask, one byte per pixel (0 normal, non-zero anomalous), H×W row-major, same size as the frames.
    public var anomalyMask: [UInt8]

    /// The captions of the tiles, left to right.
    public static let captions = ["last input frame", "real future frame", "generator prediction", "Destroyer output",
                                  "error |prediction − real| (brightest: ≥ 25 % of the intensity range)", "anomaly mask"]
    /// Pixels between tiles.
    public static let gap = 4

    /// A montage of the given images; all must have the same height and width as `realFuture`, the mask H×W bytes.
    public init(lastInput: ModelImage, realFuture: ModelImage, prediction: ModelImage, destroyerOutput: ModelImage?,
                anomalyMask: [UInt8]) {
        for image in [lastInput, prediction] + (destroyerOutput.map { [$0] } ?? []) {
            precondition(image.height == realFuture.height && image.width == realFuture.width,
                         "FrameMontage: every image must be \(realFuture.width)×\(realFuture.height)")
        }
        precondition(anomalyMask.count == realFuture.height * realFuture.width,
                     "FrameMontage: the mask must have one byte per pixel")
        self.lastInput = lastInput
        self.realFuture = realFuture
        self.prediction = prediction
        self.destroyerOutput = destroyerOutput
        self.anomalyMask = anomalyMask
    }

    /// A whole-frame mask: every pixel anomalous when `isAnomalous` (for datasets without pixel masks).
    public static func frameMask(isAnomalous: Bool, width: Int, height: Int) -> [UInt8] {
        [UInt8](repeating: isAnomalous ? 255 : 0, count: width * height)
    }

    /// The error value drawn as the brightest colour: errors are on one fixed scale in every montage (not scaled
    /// per frame, which would make the clean frames' noise look as bright as an anomaly).
    public static let errorFullScale: Float = 0.25

    /// The per-pixel error `e = mean_c |prediction − real| / 2` (in [0, 1], a fraction of the intensity range)
    /// drawn with a dark-to-bright colour map (black → purple → orange → yellow) for `e / fullScale` clipped to 1.
    public func errorMap(fullScale: Float = FrameMontage.errorFullScale) -> RasterImage {
        let h = realFuture.height, w = realFuture.width
        var errors = [Float](repeating: 0, count: h * w)
        let channels = Swift.min(realFuture.channels, prediction.channels)
        for c in 0..<channels {
            for i in 0..<(h * w) {
                errors[i] += abs(prediction.values[c * h * w + i] - realFuture.values[c * h * w + i]) / Float(2 * channels)
            }
        }
        let maximum = Swift.max(fullScale, 1e-6)
        var pixels = [UInt8](repeating: 0, count: h * w * 3)
        for i in 0..<(h * w) {
            let color = Self.colorMap(Double(errors[i] / maximum))
            pixels[i * 3] = color.0
            pixels[i * 3 + 1] = color.1
            pixels[i * 3 + 2] = color.2
        }
        return RasterImage(width: w, height: h, channels: 3, pixels: pixels)
    }

    /// A dark-to-bright colour map for `t` in [0, 1]: piecewise linear through black, purple, orange, pale yellow.
    static func colorMap(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let stops: [(Double, Double, Double)] = [(0, 0, 4), (120, 28, 109), (237, 105, 37), (252, 255, 164)]
        let x = Swift.min(Swift.max(t, 0), 1) * Double(stops.count - 1)
        let i = Swift.min(Int(x), stops.count - 2)
        let f = x - Double(i)
        func mix(_ a: Double, _ b: Double) -> UInt8 { UInt8((a + (b - a) * f).rounded()) }
        return (mix(stops[i].0, stops[i + 1].0), mix(stops[i].1, stops[i + 1].1), mix(stops[i].2, stops[i + 1].2))
    }

    /// The mask as an RGB tile: the real frame darkened, anomalous pixels painted vermillion.
    public func maskTile() -> RasterImage {
        var tile = realFuture.raster()
        for i in 0..<anomalyMask.count {
            for c in 0..<3 {
                let base = Double(tile.pixels[i * 3 + c]) * 0.4
                let paint: Double = [213, 94, 0][c]
                tile.pixels[i * 3 + c] = UInt8((anomalyMask[i] != 0 ? paint : base).rounded())
            }
        }
        return tile
    }

    /// The integer upscaling factor that makes a tile at least `minimumTileSize` pixels tall.
    public static func scale(forHeight height: Int, minimumTileSize: Int = 160) -> Int {
        Swift.max(1, (minimumTileSize + height - 1) / Swift.max(height, 1))
    }

    /// The six tiles side by side, each upscaled by `scale` (nearest neighbour), `gap` white pixels between them:
    /// width `6 · W · scale + 5 · gap`, height `H · scale`, RGB.
    public func composed(scale: Int? = nil) -> RasterImage {
        let factor = scale ?? Self.scale(forHeight: realFuture.height)
        let tiles = [lastInput.raster(), realFuture.raster(), prediction.raster(),
                     destroyerOutput?.raster() ?? RasterImage(width: realFuture.width, height: realFuture.height, channels: 3),
                     errorMap(), maskTile()]
        let tileWidth = realFuture.width * factor
        let tileHeight = realFuture.height * factor
        let width = tiles.count * tileWidth + (tiles.count - 1) * Self.gap
        var pixels = [UInt8](repeating: 255, count: width * tileHeight * 3)
        for (k, tile) in tiles.enumerated() {
            let x0 = k * (tileWidth + Self.gap)
            for y in 0..<tileHeight {
                for x in 0..<tileWidth {
                    let source = ((y / factor) * tile.width + x / factor) * 3
                    let target = (y * width + x0 + x) * 3
                    pixels[target] = tile.pixels[source]
                    pixels[target + 1] = tile.pixels[source + 1]
                    pixels[target + 2] = tile.pixels[source + 2]
                }
            }
        }
        return RasterImage(width: width, height: tileHeight, channels: 3, pixels: pixels)
    }

    /// Writes `composed(scale:)` as a PNG at `url`.
    public func writePNG(to url: URL, scale: Int? = nil) throws {
        try ImageCodec.writePNG(composed(scale: scale), to: url.path)
    }
}
