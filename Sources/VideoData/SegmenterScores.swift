import Foundation

/// A real dataset's per-frame segmenter scores: `<split>/scores/<video>/<frame>.npy`, a C × H × W array (float32
/// as the issue-31 `prepare-inputs.py` writes; any dtype `NumpyArray` reads is accepted) with C the number of
/// classes of dataset.json's class list, at any size: each channel is resized bilinearly to the working size.
public enum SegmenterScores {
    /// The scores of the file at `path` as `channels` planes of `width × height` (channel-major). Errors name the
    /// file: not 3-dimensional, a channel count other than `channels`, or non-finite values.
    public static func read(_ path: String, channels: Int, width: Int, height: Int) throws -> [Float] {
        let array = try NumpyArray.read(path)
        guard array.shape.count == 3 else {
            throw VideoDataError(path, "score array has shape \(array.shape); expected C × H × W")
        }
        let (c, h, w) = (array.shape[0], array.shape[1], array.shape[2])
        guard c == channels else {
            throw VideoDataError(path, "score array has \(c) channels but dataset.json lists \(channels) classes")
        }
        guard h > 0, w > 0 else { throw VideoDataError(path, "score array has an empty plane (\(h) × \(w))") }
        guard array.values.allSatisfy(\.isFinite) else { throw VideoDataError(path, "score array holds NaN or infinite values") }
        var out = [Float](repeating: 0, count: channels * width * height)
        for k in 0..<c {
            let plane = array.values[(k * h * w)..<((k + 1) * h * w)]
            let base = plane.startIndex
            for y in 0..<height {
                // Pixel centres aligned (align_corners = false), clamped at the edges.
                let sy = max(0, min(Double(h - 1), (Double(y) + 0.5) * Double(h) / Double(height) - 0.5))
                let y0 = Int(sy), y1 = min(h - 1, y0 + 1), fy = sy - Double(y0)
                for x in 0..<width {
                    let sx = max(0, min(Double(w - 1), (Double(x) + 0.5) * Double(w) / Double(width) - 0.5))
                    let x0 = Int(sx), x1 = min(w - 1, x0 + 1), fx = sx - Double(x0)
                    let top = (1 - fx) * plane[base + y0 * w + x0] + fx * plane[base + y0 * w + x1]
                    let bottom = (1 - fx) * plane[base + y1 * w + x0] + fx * plane[base + y1 * w + x1]
                    out[k * width * height + y * width + x] = Float((1 - fy) * top + fy * bottom)
                }
            }
        }
        return out
    }
}
