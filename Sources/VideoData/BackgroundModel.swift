/// Background statistics of a set of frames, and the foreground class map from background subtraction.
///
/// Used (a) for real data without `labels/`: the paper used a pretrained DeepLabv3 segmenter, which cannot be
/// had here, so each pixel gets class 1 ("moving foreground", standing in for person) where it differs from the
/// video's median background by more than `threshold`, else 0; and (b) for the Destroyer's "background vector".
public enum BackgroundModel {
    /// Per-pixel median of `frames` (all of the same size and channels); at most `maxSamples` frames, evenly
    /// spaced, are used.
    public static func median(of frames: [RasterImage], maxSamples: Int = 64) -> RasterImage {
        precondition(!frames.isEmpty, "BackgroundModel.median: no frames")
        let step = max(1, frames.count / maxSamples)
        let picked = stride(from: 0, to: frames.count, by: step).map { frames[$0] }
        let first = picked[0]
        var out = [UInt8](repeating: 0, count: first.pixels.count)
        var column = [UInt8](repeating: 0, count: picked.count)
        for i in 0..<out.count {
            for (k, f) in picked.enumerated() { column[k] = f.pixels[i] }
            column.sort()
            out[i] = column[column.count / 2]
        }
        return RasterImage(width: first.width, height: first.height, channels: first.channels, pixels: out)
    }

    /// Per-pixel mean of `frames`, as Float in [0, 255], interleaved H×W×C.
    public static func mean(of frames: [RasterImage]) -> [Float] {
        precondition(!frames.isEmpty, "BackgroundModel.mean: no frames")
        var sum = [Float](repeating: 0, count: frames[0].pixels.count)
        for f in frames { for i in 0..<sum.count { sum[i] += Float(f.pixels[i]) } }
        return sum.map { $0 / Float(frames.count) }
    }

    /// Class map (H×W): 1 where the largest channel difference to `background` exceeds `threshold` (0–255)
    /// and at least 3 of the 8 neighbours agree (removes isolated noise pixels), else 0.
    public static func foreground(_ frame: RasterImage, background: RasterImage, threshold: Int = 25) -> [UInt8] {
        let w = frame.width, h = frame.height, c = frame.channels
        var raw = [UInt8](repeating: 0, count: w * h)
        for i in 0..<(w * h) {
            var d = 0
            for k in 0..<c { d = max(d, abs(Int(frame.pixels[c * i + k]) - Int(background.pixels[c * i + k]))) }
            raw[i] = d > threshold ? 1 : 0
        }
        var out = raw
        for y in 0..<h { for x in 0..<w where raw[y * w + x] == 1 {
            var n = 0
            for dy in -1...1 { for dx in -1...1 where dx != 0 || dy != 0 {
                let yy = y + dy, xx = x + dx
                if yy >= 0, yy < h, xx >= 0, xx < w { n += Int(raw[yy * w + xx]) }
            } }
            if n < 3 { out[y * w + x] = 0 }
        } }
        return out
    }
}
