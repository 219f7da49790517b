import Foundation

/// Label maps (background subtraction, `BackgroundModel`) and flow (Horn–Schunck, `HornSchunckFlow`) derived
/// from the frames of a real dataset that lacks `labels/` or `flows/`: computed once by the dataset stage into its
/// own artifact (`DerivedInputsLocation`), never written into the dataset folder.
public enum DerivedInputs {
    /// Version of the derivation code and of what is stored. It is part of the dataset stage key of every run
    /// whose dataset needs derived inputs (and of no other run): bump it whenever `BackgroundModel`,
    /// `HornSchunckFlow`, how `VideoLoader` applies them or how the results are stored change, so the cached
    /// derived inputs and everything trained on them are recomputed. Version 2: stored at the working resolution
    /// (version 1 stored them at the frames' native size: about 3 GB of flow for UCSD Ped2, 1 TB for ShanghaiTech).
    public static let version = 2

    /// Name of the folder of a dataset stage artifact that holds the derived inputs.
    public static let folderName = "derived"

    /// True when some video of the dataset folder at `path` is a video file (its frames are decoded by the
    /// dataset stage) or lacks label maps or flow: UCSD's original layout (which has neither), or a video without
    /// `<split>/labels/<video>` or `<split>/flows/<video>` beside it (what `VideoDataset.load` reads them from).
    /// Only lists folders (`DatasetLayout`); a folder in no accepted layout counts as needing them.
    public static func isNeeded(datasetFolder path: String) -> Bool {
        guard let layout = try? DatasetLayout.detect(path), layout != .ucsd,
              let (training, testing) = try? layout.videos(in: path) else { return true }
        return (training + testing).contains { $0.videoPath != nil || $0.labelPaths == nil || $0.flowPaths == nil }
    }

    /// Computes the label maps and flow of every video of both splits of `dataset` that lacks them, at the frames'
    /// native size exactly as `VideoLoader` computes them in memory, resizes them to the working size
    /// `width × height` (`data.resolution`) exactly as `PreparedVideo` does (`PreparedVideo.workingLabels`,
    /// `PreparedVideo.workingFlow`: nearest-neighbour label maps, bilinear flow with vectors in working pixels) and
    /// writes those to `location` (PNG label maps, `.flo` flow), so what is stored is what every consumer uses and
    /// no bigger. Video files (`VideoRecord.videoPath`) are first decoded into the location's `frames/` at the working
    /// resolution (`VideoFrameExtraction`, `decodingProgress(done, total, frames)` after each) and derived from
    /// those. Calls `progress(done, total)` after each video (total: the videos that need
    /// something) and throws `CancellationError` between videos when `isCancelled()`. Returns how many videos
    /// were derived. The dataset folder is only read.
    @discardableResult
    public static func write(dataset: VideoDataset, to location: DerivedInputsLocation, width: Int, height: Int,
                             progress: (Int, Int) -> Void = { _, _ in },
                             decodingProgress: (Int, Int, Int) -> Void = { _, _, _ in },
                             isCancelled: () -> Bool = { false }) throws -> Int {
        precondition(width > 0 && height > 0, "DerivedInputs.write: bad working size")
        let manager = FileManager.default
        var dataset = dataset
        try VideoFrameExtraction.write(dataset: dataset, to: location, width: width, height: height,
                                       progress: decodingProgress, isCancelled: isCancelled)
        dataset.training = try dataset.training.map { try location.withDecodedFrames($0, split: .training) }
        dataset.testing = try dataset.testing.map { try location.withDecodedFrames($0, split: .testing) }
        let work = DatasetSplit.allCases.flatMap { split in
            (split == .training ? dataset.training : dataset.testing)
                .filter { $0.labelPaths == nil || $0.flowPaths == nil }.map { (split, $0) }
        }
        let working = (width: width, height: height)
        for (done, (split, record)) in work.enumerated() {
            if isCancelled() { throw CancellationError() }
            let frames = try VideoLoader.frames(of: record)
            if record.labelPaths == nil {
                let folder = location.labelsFolder(split: split, video: record.name)
                try create(folder, manager)
                let maps = try VideoLoader.labelMaps(of: record, frames: frames)
                for (map, path) in zip(maps, location.labelPaths(of: record, split: split)) {
                    let stored = PreparedVideo.workingLabels(map, width: frames[0].width, height: frames[0].height, working: working)
                    try ImageCodec.writePNG(RasterImage(width: width, height: height, channels: 1, pixels: stored), to: path)
                }
            }
            if record.flowPaths == nil {
                let folder = location.flowsFolder(split: split, video: record.name)
                try create(folder, manager)
                let flows = try VideoLoader.flows(of: record, frames: frames)
                for (flow, path) in zip(flows, location.flowPaths(of: record, split: split)) {
                    try PreparedVideo.workingFlow(flow, working: working).write(to: path)
                }
            }
            progress(done + 1, work.count)
        }
        return work.count
    }

    /// Creates `folder` (and its parents), naming it when that fails.
    static func create(_ folder: URL, _ manager: FileManager) throws {
        do { try manager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw VideoDataError(folder.path, "cannot create the derived-inputs folder: \(error.localizedDescription)")
        }
    }
}
