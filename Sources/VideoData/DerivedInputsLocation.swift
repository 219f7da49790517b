import Foundation

/// Where the label maps and flow derived from a real dataset's frames live (the dataset stage's artifact), and
/// how a loaded `VideoDataset` is pointed at them.
///
/// Layout under `folder`: `<split>/labels/<video>/<frame>.png` (8-bit grey class ids, one per frame) and
/// `<split>/flows/<video>/<frame>.flo` (flow to the next frame, none for the last frame), `<frame>` being the
/// frame file's name without its extension; everything at the working resolution (`data.resolution`, the size
/// `PreparedVideo` resizes to: what `DerivedInputs.write` stores), not the frames' native size.
public struct DerivedInputsLocation: Equatable, Sendable {
    /// The folder holding `training/` and `testing/`.
    public var folder: URL

    /// A location rooted at `folder`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// `<folder>/<split>/frames/<video>`: the frames decoded from a video file (`VideoRecord.videoPath`), PNG,
    /// numbered from `000000`, at the working resolution.
    public func framesFolder(split: DatasetSplit, video: String) -> URL {
        folder.appendingPathComponent(split.rawValue).appendingPathComponent("frames").appendingPathComponent(video)
    }

    /// `record` with the frames decoded from its video file (`framesFolder`) and its deferred ground truth
    /// resolved against their count; `record` itself when it has frames. Throws an error naming the folder when
    /// they are missing, or the ground-truth file when its length differs from the frame count.
    public func withDecodedFrames(_ record: VideoRecord, split: DatasetSplit) throws -> VideoRecord {
        guard record.framePaths.isEmpty, record.videoPath != nil else { return record }
        let frames = framesFolder(split: split, video: record.name)
        try requireFolder(frames, holding: "decoded frames", of: record)
        var result = record
        result.framePaths = try VideoDataset.numericFiles(frames.path, extensions: ["png"])
        guard !result.framePaths.isEmpty else { throw VideoDataError(frames.path, "holds no decoded frames") }
        if let deferred = record.deferredGroundTruth {
            result.frameLabels = try deferred.resolve(frameCount: result.framePaths.count, video: record.name)
            result.deferredGroundTruth = nil
        }
        return result
    }

    /// `<folder>/<split>/labels/<video>`.
    public func labelsFolder(split: DatasetSplit, video: String) -> URL {
        folder.appendingPathComponent(split.rawValue).appendingPathComponent("labels").appendingPathComponent(video)
    }

    /// `<folder>/<split>/flows/<video>`.
    public func flowsFolder(split: DatasetSplit, video: String) -> URL {
        folder.appendingPathComponent(split.rawValue).appendingPathComponent("flows").appendingPathComponent(video)
    }

    /// The label-map files of `record` (one per frame), whether or not they exist.
    public func labelPaths(of record: VideoRecord, split: DatasetSplit) -> [String] {
        let base = labelsFolder(split: split, video: record.name).path
        return record.framePaths.map { base + "/" + Self.stem($0) + ".png" }
    }

    /// The flow files of `record` (one per frame but the last), whether or not they exist.
    public func flowPaths(of record: VideoRecord, split: DatasetSplit) -> [String] {
        let base = flowsFolder(split: split, video: record.name).path
        return record.framePaths.dropLast().map { base + "/" + Self.stem($0) + ".flo" }
    }

    /// `dataset` with the frames of its video files, and the label maps and flow it lacks, taken from this
    /// location (`withDecodedFrames`): each record without
    /// `labelPaths` (`flowPaths`) gets the files of its `labels/<video>` (`flows/<video>`) folder here, marked
    /// `derivedLabels` (`derivedFlows`: stored at the working size), so `VideoLoader` reads them instead of
    /// computing them. Throws an error naming the folder when a video's derived
    /// inputs are missing (the dataset changed since they were derived).
    public func applied(to dataset: VideoDataset) throws -> VideoDataset {
        var result = dataset
        result.training = try dataset.training.map { try applied(to: $0, split: .training) }
        result.testing = try dataset.testing.map { try applied(to: $0, split: .testing) }
        return result
    }

    /// `record` of `split` with its missing label and flow paths pointing here (see `applied(to:)`).
    public func applied(to record: VideoRecord, split: DatasetSplit) throws -> VideoRecord {
        var result = try withDecodedFrames(record, split: split)
        let record = result
        if record.labelPaths == nil {
            try requireFolder(labelsFolder(split: split, video: record.name), holding: "label maps", of: record)
            result.labelPaths = labelPaths(of: record, split: split)
            result.derivedLabels = true
        }
        if record.flowPaths == nil {
            try requireFolder(flowsFolder(split: split, video: record.name), holding: "flow", of: record)
            result.flowPaths = flowPaths(of: record, split: split)
            result.derivedFlows = true
        }
        return result
    }

    /// Throws an error naming `folder` when it does not exist: the derived `what` of `record` are missing (the
    /// dataset changed since its dataset stage ran).
    func requireFolder(_ folder: URL, holding what: String, of record: VideoRecord) throws {
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw VideoDataError(folder.path, "no derived \(what) for video \(record.name) (the dataset changed since its dataset stage ran?)")
        }
    }

    /// A frame file's name without folder and extension (`/a/001.tif` → `001`).
    static func stem(_ framePath: String) -> String {
        ((framePath as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
