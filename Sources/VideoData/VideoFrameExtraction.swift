import Foundation

/// The frames of a dataset's video files (`VideoRecord.videoPath`: ShanghaiTech's training videos, Avenue's
/// published videos), decoded once by the dataset stage into its own artifact (`DerivedInputsLocation.framesFolder`)
/// and read from there by every later stage like any frame folder.
///
/// Stored at the working resolution `width × height`, resized exactly as `PreparedVideo` resizes frames
/// (`RasterImage.resized`, from the decoded RGB at the video's size), as 8-bit RGB PNG `000000.png`, `000001.png`, …:
/// what every consumer uses and no bigger (ShanghaiTech's 274,515 training frames at 856 × 480 would be about
/// 100 GB as PNG; at 256 × 256 a few tens). The dataset folder is only read.
public enum VideoFrameExtraction {
    /// The file name of frame `index` (0-based).
    public static func frameName(_ index: Int) -> String { String(format: "%06d.png", index) }

    /// Decodes every video file of `dataset` that has no frames yet into `location`, calling
    /// `progress(done, total, frames of that video)` after each; throws `CancellationError` between videos when
    /// `isCancelled()`. A video that cannot be decoded (truncated, corrupt) is an error naming its file, and its
    /// partial frames are removed. Returns how many videos were decoded.
    @discardableResult
    public static func write(dataset: VideoDataset, to location: DerivedInputsLocation, width: Int, height: Int,
                             progress: (Int, Int, Int) -> Void = { _, _, _ in },
                             isCancelled: () -> Bool = { false }) throws -> Int {
        let work = DatasetSplit.allCases.flatMap { split in
            (split == .training ? dataset.training : dataset.testing)
                .filter { $0.framePaths.isEmpty && $0.videoPath != nil }.map { (split, $0) }
        }
        let manager = FileManager.default
        for (done, (split, record)) in work.enumerated() {
            if isCancelled() { throw CancellationError() }
            let folder = location.framesFolder(split: split, video: record.name)
            do { try manager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw VideoDataError(folder.path, "cannot create the decoded-frames folder: \(error.localizedDescription)")
            }
            let count: Int
            do {
                count = try VideoFileDecoder.forEachFrame(record.videoPath!) { index, frame in
                    try ImageCodec.writePNG(frame.resized(width: width, height: height),
                                            to: folder.appendingPathComponent(frameName(index)).path)
                }
            } catch {
                try? manager.removeItem(at: folder)
                throw error
            }
            progress(done + 1, work.count, count)
        }
        return work.count
    }
}
