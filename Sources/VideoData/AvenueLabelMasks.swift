import Foundation

/// Avenue's published ground truth: one MAT file per test video, `testing_label_mask/<N>_label.mat` for video
/// `NN` (`1_label.mat` for `01`), whose variable `volLabel` is a cell array of one pixel mask per frame. A frame
/// is anomalous when its mask has any non-zero pixel.
public enum AvenueLabelMasks {
    /// The label file of video `name` in `folder`: `<Int(name)>_label.mat`, else `<name>_label.mat`.
    public static func file(for name: String, in folder: String) -> String {
        if let number = Int(name) {
            let numbered = folder + "/\(number)_label.mat"
            if FileManager.default.fileExists(atPath: numbered) { return numbered }
        }
        return folder + "/\(name)_label.mat"
    }

    /// Per-frame 0/1 labels from the `volLabel` cell array of the MAT file at `path`.
    public static func frameLabels(_ path: String) throws -> [UInt8] {
        let mat = try MATFile(path: path)
        guard let volume = mat.variables["volLabel"] else {
            throw VideoDataError(path, "MAT file has no variable 'volLabel' (variables: \(mat.variables.keys.sorted().joined(separator: ", ")))")
        }
        guard case .cell(_, let cells) = volume else { throw VideoDataError(path, "variable 'volLabel' is not a cell array") }
        return try cells.enumerated().map { index, cell in
            guard case .numeric(_, let values) = cell else { throw VideoDataError(path, "volLabel{\(index + 1)} is not numeric") }
            return values.contains { $0 != 0 } ? 1 : 0
        }
    }

    /// Sets each test video's labels from its label file in `folder` (deferred for a video file not decoded yet);
    /// a missing file is an error with `requireGroundTruth`, a count that differs from the frames' always.
    static func read(_ folder: String, into videos: inout [VideoRecord], requireGroundTruth: Bool) throws {
        for i in videos.indices {
            let path = file(for: videos[i].name, in: folder)
            guard FileManager.default.fileExists(atPath: path) else {
                if requireGroundTruth { throw VideoDataError(path, "missing label mask for test video \(videos[i].name)") }
                continue
            }
            let labels = try frameLabels(path)
            if videos[i].framePaths.isEmpty && videos[i].videoPath != nil {
                videos[i].deferredGroundTruth = .labels(labels, file: path)
            } else {
                videos[i].frameLabels = try DeferredGroundTruth.labels(labels, file: path)
                    .resolve(frameCount: videos[i].frameCount, video: videos[i].name)
            }
        }
    }
}
