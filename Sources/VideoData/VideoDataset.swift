import Foundation

/// One video of a dataset on disk: its frame files in numeric order, optional label maps and flow files, and
/// (for test videos) the per-frame 0/1 anomaly labels.
public struct VideoRecord: Equatable, Sendable {
    /// The video's folder name (e.g. `01`, `01_0014`, `Test001`).
    public var name: String
    /// Frame image paths, sorted numerically by the number in the file name.
    public var framePaths: [String]
    /// Label-map PNGs (class ids, 8-bit grey), one per frame, when the dataset has `labels/<video>/`.
    public var labelPaths: [String]?
    /// Per-class score arrays (`.npy`, C × H × W float32, C = dataset.json's class count), one per frame, when the
    /// dataset has `scores/<video>/` (read with `data.labels: scores`).
    public var scorePaths: [String]?
    /// Flow files (`.flo`), one per frame (flow to the next frame; the last may be missing), when present.
    public var flowPaths: [String]?
    /// True when `labelPaths` are derived label maps stored at the working resolution (the dataset stage's
    /// artifact, `DerivedInputsLocation.applied(to:)`), not the dataset's own files at the frames' size.
    public var derivedLabels = false
    /// True when `flowPaths` are derived flow stored at the working resolution (vectors in its pixels), not the
    /// dataset's own files at the frames' size.
    public var derivedFlows = false
    /// Pixel masks of anomalous regions (synthetic test videos).
    public var pixelMaskPaths: [String]?
    /// Per-frame anomaly labels (0/1) of a test video, or nil for training videos / missing ground truth.
    public var frameLabels: [UInt8]?
    /// The video file the frames are decoded from, when the dataset ships videos (`framePaths` stay empty
    /// until the dataset stage has decoded it: `DerivedInputsLocation.applied(to:)`).
    public var videoPath: String?
    /// Ground truth of a video file whose frame count is only known once decoded (`frameLabels` is set from it
    /// by `DerivedInputsLocation.applied(to:)`).
    public var deferredGroundTruth: DeferredGroundTruth?
    /// The scene (camera) this video belongs to: the prefix before `_` in the name (ShanghaiTech style), else "0".
    public var scene: String { name.contains("_") ? String(name.split(separator: "_")[0]) : "0" }
    /// Number of frames.
    public var frameCount: Int { framePaths.count }
}

/// Metadata of a dataset folder from its optional `dataset.json` (written for synthetic data).
public struct DatasetInfo: Codable, Equatable, Sendable {
    /// Synthetic family name, or nil for real data.
    public var family: String?
    /// Scale preset or "custom".
    public var scale: SyntheticScale?
    /// Generation seed.
    public var seed: UInt64?
    /// Class names indexed by class id.
    public var classNames: [String]
    /// Frame channels (1 grey, 3 colour).
    public var channels: Int?
}

/// A video anomaly dataset in the common layout:
/// `<root>/<name>/{training,testing}/frames/<video>/<n>.png|jpg|tif`, test labels in
/// `testing/test_frame_mask/<video>.npy` or a MATLAB `<name>.mat` (variable `gt`) beside `training/`, optional
/// `labels/<video>/<n>.png` and `flows/<video>/<n>.flo` beside `frames/`, optional `dataset.json`.
/// Also reads UCSD's original layout (`UCSDped2/Train/Train001/001.tif`, `Test/Test001/…`, `UCSDped2.m`).
public struct VideoDataset: Sendable {
    /// The dataset folder.
    public var path: String
    /// Training videos (normal only).
    public var training: [VideoRecord]
    /// Test videos.
    public var testing: [VideoRecord]
    /// `dataset.json` contents, if present.
    public var info: DatasetInfo?
    /// Where the test ground truth came from (a file path), or nil if there is none.
    public var groundTruthSource: String?

    /// Class names: from `dataset.json`, else `["background", "foreground"]` (background subtraction).
    public var classNames: [String] { info?.classNames ?? ["background", "foreground"] }

    /// Loads the dataset folder at `path` in any layout `DatasetLayout` accepts (the common frames layout,
    /// UCSD's original, ShanghaiTech's and Avenue's as published, the F2LM authors'). With `requireGroundTruth`, test videos without labels are an error.
    public static func load(_ path: String, requireGroundTruth: Bool = true) throws -> VideoDataset {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw VideoDataError(path, "dataset folder does not exist")
        }
        let layout = try DatasetLayout.detect(path)
        if layout == .ucsd { return try loadUCSD(path, requireGroundTruth: requireGroundTruth) }
        let info = try readInfo(path)
        let (training, listed) = try layout.videos(in: path)
        var testing = listed
        let source = try DatasetLayout.readGroundTruth(path, into: &testing, requireGroundTruth: requireGroundTruth)
        return VideoDataset(path: path, training: training, testing: testing, info: info, groundTruthSource: source)
    }

    /// The folder's `dataset.json`, nil when there is none; an unreadable one is an error naming it.
    static func readInfo(_ path: String) throws -> DatasetInfo? {
        let infoPath = path + "/dataset.json"
        guard let data = FileManager.default.contents(atPath: infoPath) else { return nil }
        do { return try JSONDecoder().decode(DatasetInfo.self, from: data) } catch {
            throw VideoDataError(infoPath, "invalid dataset.json: \(error)")
        }
    }

    /// Sets each video's `frameLabels` from `<maskFolder>/<video>.npy`; a missing file is an error with
    /// `requireGroundTruth`, a label count that differs from the frame count always.
    static func readFrameMasks(_ maskFolder: String, into videos: inout [VideoRecord], requireGroundTruth: Bool) throws {
        for i in videos.indices {
            let file = maskFolder + "/" + videos[i].name + ".npy"
            guard FileManager.default.fileExists(atPath: file) else {
                if requireGroundTruth { throw VideoDataError(file, "missing frame mask for test video \(videos[i].name)") }
                continue
            }
            let mask = try FrameGroundTruth.readNumpyMask(file)
            if videos[i].framePaths.isEmpty && videos[i].videoPath != nil {
                videos[i].deferredGroundTruth = .labels(mask, file: file)
                continue
            }
            guard mask.count == videos[i].frameCount else {
                throw VideoDataError(file, "has \(mask.count) labels but video \(videos[i].name) has \(videos[i].frameCount) frames")
            }
            videos[i].frameLabels = mask
        }
    }

    /// The validation videos of a dataset folder as a dataset whose test split they are: `<path>/validation/`, laid
    /// out like `testing/` with its own `test_frame_mask/` (written by `SyntheticDatasetWriter.writeValidation`),
    /// and `dataset.json`. No training videos; the frame masks are required.
    public static func loadValidation(_ path: String) throws -> VideoDataset {
        let folder = path + "/validation"
        guard FileManager.default.fileExists(atPath: folder) else {
            throw VideoDataError(folder, "folder does not exist: the dataset has no validation videos")
        }
        let info = try readInfo(path)
        var videos = try readSplit(folder)
        let maskFolder = folder + "/test_frame_mask"
        try readFrameMasks(maskFolder, into: &videos, requireGroundTruth: true)
        return VideoDataset(path: path, training: [], testing: videos, info: info, groundTruthSource: maskFolder)
    }

    /// Reads `<split>/frames/<video>/` and the optional `labels/`, `flows/`, `pixel_masks/` beside it.
    static func readSplit(_ split: String) throws -> [VideoRecord] {
        let framesRoot = split + "/frames"
        guard FileManager.default.fileExists(atPath: framesRoot) else { throw VideoDataError(framesRoot, "folder does not exist") }
        let videos = try listDirectories(framesRoot)
        guard !videos.isEmpty else { throw VideoDataError(framesRoot, "contains no video folders") }
        return try videos.map { video in
            let frames = try numericFiles(framesRoot + "/" + video, extensions: ImageCodec.frameExtensions)
            guard !frames.isEmpty else { throw VideoDataError(framesRoot + "/" + video, "contains no frames (png, jpg or tif)") }
            return try withInputs(VideoRecord(name: video, framePaths: frames), split: split)
        }
    }

    /// `record` of the split folder `split` with the optional `labels/<video>/`, `scores/<video>/`, `flows/<video>/` and
    /// `pixel_masks/<video>/` beside its frames; their counts must match its frames (checked once the frames are
    /// known: a video file's record has none yet).
    static func withInputs(_ record: VideoRecord, split: String) throws -> VideoRecord {
        let video = record.name, frames = record.framePaths
        var record = record
        /// The files of `<split>/<folder>/<video>/` with `fileExtension`, nil when the folder is absent; once the
        /// frames are known, their count must be the frame count (or one less, with `oneLessAllowed`).
        func perFrameFiles(_ folder: String, _ fileExtension: String, _ noun: String,
                           oneLessAllowed: Bool = false) throws -> [String]? {
            let path = split + "/" + folder + "/" + video
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let files = try numericFiles(path, extensions: [fileExtension])
            guard frames.isEmpty || files.count == frames.count || (oneLessAllowed && files.count == frames.count - 1) else {
                let expected = oneLessAllowed ? " (expected \(frames.count) or \(frames.count - 1))" : ""
                throw VideoDataError(path, "has \(files.count) \(noun) but the video has \(frames.count) frames" + expected)
            }
            return files
        }
        if let labels = try perFrameFiles("labels", "png", "label maps") { record.labelPaths = labels }
        if let scores = try perFrameFiles("scores", "npy", "score arrays") { record.scorePaths = scores }
        if let flows = try perFrameFiles("flows", "flo", "flow files", oneLessAllowed: true) { record.flowPaths = flows }
        if let masks = try perFrameFiles("pixel_masks", "png", "pixel masks") { record.pixelMaskPaths = masks }
        return record
    }

    /// UCSD's original layout: `Train/TrainNNN/*.tif`, `Test/TestNNN/*.tif`, ground truth `<name>.m`.
    static func loadUCSD(_ path: String, requireGroundTruth: Bool) throws -> VideoDataset {
        let fm = FileManager.default
        func videos(_ folder: String) throws -> [VideoRecord] {
            guard fm.fileExists(atPath: folder) else { throw VideoDataError(folder, "folder does not exist") }
            // UCSD ships `TestNNN_gt` folders with pixel masks beside the videos: those are not videos.
            let names = try listDirectories(folder).filter { !$0.hasSuffix("_gt") }
            guard !names.isEmpty else { throw VideoDataError(folder, "contains no video folders") }
            return try names.map { name in
                let frames = try numericFiles(folder + "/" + name, extensions: ImageCodec.frameExtensions)
                guard !frames.isEmpty else { throw VideoDataError(folder + "/" + name, "contains no frames") }
                return VideoRecord(name: name, framePaths: frames)
            }
        }
        let training = try videos(path + "/Train")
        var testing = try videos(path + "/Test")
        var scripts: [String] = []
        for folder in [path + "/Test", path] {
            let entries: [String] = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
            for entry in entries where entry.hasSuffix(".m") { scripts.append(folder + "/" + entry) }
        }
        var source: String? = nil
        if let script = scripts.sorted().first {
            source = script
            let intervals = try FrameGroundTruth.parseUCSDScript(script)
            guard intervals.count == testing.count else {
                throw VideoDataError(script, "gives ground truth for \(intervals.count) videos but Test/ has \(testing.count)")
            }
            for i in testing.indices {
                testing[i].frameLabels = try FrameGroundTruth.mask(intervals: intervals[i], frameCount: testing[i].frameCount,
                                                                   path: script, video: testing[i].name)
            }
        } else if requireGroundTruth {
            throw VideoDataError(path, "no ground truth script (*.m) found in \(path) or \(path)/Test")
        }
        return VideoDataset(path: path, training: training, testing: testing, info: nil, groundTruthSource: source)
    }

    /// Sub-folders of `folder`, sorted numerically-aware (`2` before `10`).
    static func listDirectories(_ folder: String) throws -> [String] {
        let fm = FileManager.default
        let entries: [String]
        do { entries = try fm.contentsOfDirectory(atPath: folder) } catch { throw VideoDataError(folder, "cannot list folder") }
        return entries.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && fm.fileExists(atPath: folder + "/" + name, isDirectory: &isDir) && isDir.boolValue
        }.naturallySorted()
    }

    /// Files in `folder` with one of `extensions`, sorted numerically by the digits in their names.
    static func numericFiles(_ folder: String, extensions: Set<String>) throws -> [String] {
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw VideoDataError(folder, "folder does not exist or cannot be listed")
        }
        return entries.filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .naturallySorted().map { folder + "/" + $0 }
    }
}
