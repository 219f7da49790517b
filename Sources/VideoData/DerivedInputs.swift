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

    /// True when some video of the dataset folder at `path` lacks label maps or flow: UCSD's original layout
    /// (`Train/`, `Test/`, which has neither), or a `<split>/frames/<video>` without `<split>/labels/<video>` or
    /// `<split>/flows/<video>` beside it (what `VideoDataset.load` reads them from). Only lists folders; a folder
    /// that cannot be listed counts as needing them.
    public static func isNeeded(datasetFolder path: String) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: path + "/Test") && !manager.fileExists(atPath: path + "/testing") { return true }
        for split in DatasetSplit.allCases {
            let root = path + "/" + split.rawValue
            guard let videos = try? VideoDataset.listDirectories(root + "/frames"), !videos.isEmpty else { return true }
            for video in videos {
                if !manager.fileExists(atPath: root + "/labels/" + video) || !manager.fileExists(atPath: root + "/flows/" + video) {
                    return true
                }
            }
        }
        return false
    }

    /// Computes the label maps and flow of every video of both splits of `dataset` that lacks them, at the frames'
    /// native size exactly as `VideoLoader` computes them in memory, resizes them to the working size
    /// `width × height` (`data.resolution`) exactly as `PreparedVideo` does (`PreparedVideo.workingLabels`,
    /// `PreparedVideo.workingFlow`: nearest-neighbour label maps, bilinear flow with vectors in working pixels) and
    /// writes those to `location` (PNG label maps, `.flo` flow), so what is stored is what every consumer uses and
    /// no bigger. Calls `progress(done, total)` after each video (total: the videos that need
    /// something) and throws `CancellationError` between videos when `isCancelled()`. Returns how many videos
    /// were derived. The dataset folder is only read.
    @discardableResult
    public static func write(dataset: VideoDataset, to location: DerivedInputsLocation, width: Int, height: Int,
                             progress: (Int, Int) -> Void = { _, _ in },
                             isCancelled: () -> Bool = { false }) throws -> Int {
        let work = DatasetSplit.allCases.flatMap { split in
            (split == .training ? dataset.training : dataset.testing)
                .filter { $0.labelPaths == nil || $0.flowPaths == nil }.map { (split, $0) }
        }
        precondition(width > 0 && height > 0, "DerivedInputs.write: bad working size")
        let working = (width: width, height: height)
        let manager = FileManager.default
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
