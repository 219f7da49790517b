import Foundation

/// Per-frame 0/1 anomaly labels of test videos, and the readers for the ground-truth formats in use:
/// ShanghaiTech `test_frame_mask/<video>.npy`, MATLAB `gt` intervals (`ped2.mat`, `avenue.mat`) and UCSD's
/// `UCSDped2.m` frame ranges.
public enum FrameGroundTruth {
    /// Converts 1-based inclusive intervals to a 0/1 mask of `frameCount` frames. An interval reaching past the
    /// last frame is an error naming `path` and the video.
    public static func mask(intervals: [ClosedRange<Int>], frameCount: Int, path: String, video: String) throws -> [UInt8] {
        var mask = [UInt8](repeating: 0, count: frameCount)
        for interval in intervals {
            guard interval.lowerBound >= 1, interval.upperBound <= frameCount else {
                throw VideoDataError(path, "interval [\(interval.lowerBound), \(interval.upperBound)] of video \(video) lies outside its \(frameCount) frames")
            }
            for f in interval { mask[f - 1] = 1 }
        }
        return mask
    }

    /// Reads a per-frame `.npy` mask (any supported dtype; non-zero means anomalous). The array must be 1-D or
    /// have one non-unit axis.
    public static func readNumpyMask(_ path: String) throws -> [UInt8] {
        let array = try NumpyArray.read(path)
        guard array.shape.filter({ $0 != 1 }).count <= 1 else {
            throw VideoDataError(path, "frame mask has shape \(array.shape); expected one value per frame")
        }
        return array.values.map { $0 != 0 ? 1 : 0 }
    }

    /// Writes a per-frame 0/1 mask as a `|u1` `.npy` file.
    public static func writeNumpyMask(_ mask: [UInt8], to path: String) throws {
        try NumpyArray(shape: [mask.count], values: mask.map(Double.init)).write(to: path, dtype: "|u1")
    }

    /// Parses UCSD's ground-truth script (`UCSDped2.m`): each `TestVideoFile{end+1}.gt_frame = [61:180];`
    /// line gives one test video's anomalous frames as ranges `a:b` or single frames, separated by commas or
    /// spaces (1-based). Returns one interval list per video, in file order.
    public static func parseUCSDScript(_ path: String) throws -> [[ClosedRange<Int>]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VideoDataError(path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "file does not exist")
        }
        let text = String(decoding: data, as: UTF8.self)
        var videos: [[ClosedRange<Int>]] = []
        for (lineIndex, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard line.contains("gt_frame") else { continue }
            guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]"), open < close else {
                throw VideoDataError(path, "line \(lineIndex + 1): expected gt_frame = [a:b]")
            }
            var intervals: [ClosedRange<Int>] = []
            let body = line[line.index(after: open)..<close]
            for token in body.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == ";" }) {
                let parts = token.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 1, let a = Int(parts[0]), a >= 1 {
                    intervals.append(a...a)
                } else if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 1, b >= a {
                    intervals.append(a...b)
                } else {
                    throw VideoDataError(path, "line \(lineIndex + 1): cannot read frame range '\(token)'")
                }
            }
            videos.append(intervals)
        }
        if videos.isEmpty { throw VideoDataError(path, "no 'gt_frame' lines found") }
        return videos
    }
}
