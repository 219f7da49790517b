import Foundation

/// The folder layouts a dataset is read in: the common one and the ones its users have it in, as published by
/// its authors or as the F2LM authors' code expects it. `detect` picks one by the folders present (only lists
/// folders); `videos(in:)` lists each split's videos (frame folders, or video files decoded later by the
/// dataset stage); `readGroundTruth` reads the test labels from where that layout keeps them.
public enum DatasetLayout: String, CaseIterable, Sendable {
    /// `<split>/frames/<video>/<n>.png|jpg|tif` (the synthetic families, UCSD Ped2 and Avenue in the F2LM
    /// authors' layout, Avenue's frame-folder form), labels in `testing/test_frame_mask/<video>.npy` or a
    /// `<name>.mat` (`gt` intervals) beside `training/`.
    case frames
    /// UCSD's original: `Train/TrainNNN/*.tif`, `Test/TestNNN/*.tif`, `UCSDped2.m`.
    case ucsd
    /// ShanghaiTech as published: `training/videos/<video>.avi`, `testing/frames/<video>/<n>.jpg`,
    /// `testing/test_frame_mask/<video>.npy` (`testing/test_pixel_mask/` is not read).
    case shanghaiTechOfficial = "shanghaitech-official"
    /// ShanghaiTech as the F2LM authors' code reads it: `training/<video>/<n>.jpg`, `testing/<video>/<n>.jpg`,
    /// `testframemask/<video>.npy` beside `training/`.
    case shanghaiTechAuthors = "shanghaitech-authors"
    /// Avenue as published: `training_videos/<NN>.avi`, `testing_videos/<NN>.avi` (or frame folders of those
    /// names), per-video pixel masks `testing_label_mask/<N>_label.mat` (variable `volLabel`, one mask per
    /// frame; also under `ground_truth_demo/`), or a `<name>.mat` with `gt` intervals.
    case avenueOfficial = "avenue-official"

    /// The accepted layouts, one line each, for the error of a folder that matches none.
    public static let accepted = """
        frames layout: training/frames/<video>/<n>.jpg, testing/frames/<video>/, testing/test_frame_mask/<video>.npy or <name>.mat (ped2, avenue as the F2LM authors have them; synthetic data);
        UCSD original: Train/Train001/001.tif, Test/Test001/, UCSDped2.m;
        ShanghaiTech as published: training/videos/<video>.avi, testing/frames/<video>/, testing/test_frame_mask/<video>.npy;
        ShanghaiTech as the F2LM authors have it: training/<video>/<n>.jpg, testing/<video>/, testframemask/<video>.npy;
        Avenue as published: training_videos/<NN>.avi, testing_videos/<NN>.avi, testing_label_mask/<N>_label.mat (or avenue.mat)
        """

    /// Folders inside a split that hold something other than videos (never read as a video folder).
    static let nonVideoFolders: Set<String> = ["frames", "videos", "labels", "flows", "scores", "pixel_masks",
                                               "test_frame_mask", "test_pixel_mask"]

    /// The layout of the dataset folder at `path`, by the folders it has; one error naming the folder and every
    /// accepted layout when it matches none.
    public static func detect(_ path: String) throws -> DatasetLayout {
        let manager = FileManager.default
        func has(_ relative: String) -> Bool {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: path + "/" + relative, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if has("Test") && !has("testing") { return .ucsd }
        if has("training_videos") || has("testing_videos") { return .avenueOfficial }
        if has("training/frames") || has("testing/frames") {
            return has("training/videos") && !has("training/frames") ? .shanghaiTechOfficial : .frames
        }
        if has("training/videos") { return .shanghaiTechOfficial }
        if has("training") || has("testing") {
            let videoFolders = ["training", "testing"].filter(has).flatMap { split in
                ((try? VideoDataset.listDirectories(path + "/" + split)) ?? []).filter { !nonVideoFolders.contains($0) }
            }
            if !videoFolders.isEmpty { return .shanghaiTechAuthors }
        }
        throw VideoDataError(path, "not a dataset folder in any accepted layout. Accepted layouts:\n" + accepted)
    }

    /// The split folders of this layout under `path` (training, testing).
    func splitFolders(_ path: String) -> (training: String, testing: String) {
        switch self {
        case .avenueOfficial: return (path + "/training_videos", path + "/testing_videos")
        case .ucsd: return (path + "/Train", path + "/Test")
        default: return (path + "/training", path + "/testing")
        }
    }

    /// The training and test videos of the dataset at `path` (not UCSD's, read by `VideoDataset.loadUCSD`):
    /// frame folders as `framePaths`, video files as `videoPath` (frames decoded by the dataset stage), each with
    /// the optional `labels/`, `flows/`, `pixel_masks/` beside.
    func videos(in path: String) throws -> (training: [VideoRecord], testing: [VideoRecord]) {
        let (training, testing) = splitFolders(path)
        return (try Self.readSplit(training), try Self.readSplit(testing))
    }

    /// One split folder in whichever form it has: `frames/<video>/` frame folders, `videos/<video>.avi` files,
    /// or the videos directly inside it (`<video>/` frame folders or `<video>.avi` files).
    static func readSplit(_ split: String) throws -> [VideoRecord] {
        let manager = FileManager.default
        if manager.fileExists(atPath: split + "/frames") { return try VideoDataset.readSplit(split) }
        guard manager.fileExists(atPath: split) else { throw VideoDataError(split, "folder does not exist") }
        let container = manager.fileExists(atPath: split + "/videos") ? split + "/videos" : split
        let entries: [String]
        do { entries = try manager.contentsOfDirectory(atPath: container) } catch {
            throw VideoDataError(container, "cannot list folder")
        }
        var records: [VideoRecord] = []
        for entry in entries.naturallySorted() where !entry.hasPrefix(".") {
            let full = container + "/" + entry
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: full, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                guard !nonVideoFolders.contains(entry) else { continue }
                let frames = try VideoDataset.numericFiles(full, extensions: ImageCodec.frameExtensions)
                guard !frames.isEmpty else { throw VideoDataError(full, "contains no frames (png, jpg or tif)") }
                records.append(try VideoDataset.withInputs(VideoRecord(name: entry, framePaths: frames), split: split))
            } else if VideoFileDecoder.videoExtensions.contains((entry as NSString).pathExtension.lowercased()) {
                var record = VideoRecord(name: (entry as NSString).deletingPathExtension, framePaths: [])
                record.videoPath = full
                records.append(try VideoDataset.withInputs(record, split: split))
            }
        }
        let names = records.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw VideoDataError(container, "holds video '\(duplicate)' twice (a frame folder and a video file?)")
        }
        guard !records.isEmpty else {
            throw VideoDataError(container, "contains no videos (frame folders <video>/<n>.jpg or video files <video>.avi)")
        }
        return records
    }

    /// Sets the test videos' labels from the first ground truth the folder at `path` has, in this order:
    /// `testing/test_frame_mask/<video>.npy` (ShanghaiTech, synthetic), `testframemask/<video>.npy` (the F2LM
    /// authors' ShanghaiTech), `testing_label_mask/<N>_label.mat` (Avenue's per-frame pixel masks), a `*.mat`
    /// beside the splits with `gt` intervals (`ped2.mat`, `avenue.mat`). Returns the file or folder read (nil:
    /// none; an error with `requireGroundTruth`). Labels of a video file not decoded yet are kept as
    /// `deferredGroundTruth` and checked against its frame count once decoded.
    static func readGroundTruth(_ path: String, into testing: inout [VideoRecord], requireGroundTruth: Bool) throws -> String? {
        let manager = FileManager.default
        for folder in [path + "/testing/test_frame_mask", path + "/testframemask"] where manager.fileExists(atPath: folder) {
            try VideoDataset.readFrameMasks(folder, into: &testing, requireGroundTruth: requireGroundTruth)
            return folder
        }
        for folder in [path + "/testing_label_mask", path + "/ground_truth_demo/testing_label_mask"] where manager.fileExists(atPath: folder) {
            try AvenueLabelMasks.read(folder, into: &testing, requireGroundTruth: requireGroundTruth)
            return folder
        }
        let matFiles = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { $0.lowercased().hasSuffix(".mat") }.sorted()
        if let mat = matFiles.first {
            let file = path + "/" + mat
            let intervals = try MATFile(path: file).groundTruthIntervals(path: file)
            guard intervals.count == testing.count else {
                throw VideoDataError(file, "gt has \(intervals.count) entries but there are \(testing.count) test videos")
            }
            for i in testing.indices {
                if testing[i].framePaths.isEmpty && testing[i].videoPath != nil {
                    testing[i].deferredGroundTruth = .intervals(intervals[i], file: file)
                } else {
                    testing[i].frameLabels = try FrameGroundTruth.mask(intervals: intervals[i], frameCount: testing[i].frameCount,
                                                                       path: file, video: testing[i].name)
                }
            }
            return file
        }
        if requireGroundTruth {
            throw VideoDataError(path, "no test ground truth: expected testing/test_frame_mask/<video>.npy, testframemask/<video>.npy, testing_label_mask/<N>_label.mat or a <name>.mat with variable gt")
        }
        return nil
    }
}

/// Ground truth of a test video that is a video file, known before its frame count is: resolved to per-frame
/// labels once the dataset stage has decoded it.
public enum DeferredGroundTruth: Equatable, Sendable {
    /// 1-based inclusive anomalous frame intervals from `file` (a `gt` MAT file).
    case intervals([ClosedRange<Int>], file: String)
    /// Per-frame 0/1 labels from `file` (`.npy` frame mask or a per-video `.mat` pixel mask).
    case labels([UInt8], file: String)

    /// The per-frame labels of `video` once it is known to have `frameCount` frames; an error naming the
    /// ground-truth file when they disagree.
    public func resolve(frameCount: Int, video: String) throws -> [UInt8] {
        switch self {
        case .intervals(let intervals, let file):
            return try FrameGroundTruth.mask(intervals: intervals, frameCount: frameCount, path: file, video: video)
        case .labels(let labels, let file):
            guard labels.count == frameCount else {
                throw VideoDataError(file, "has \(labels.count) labels but video \(video) has \(frameCount) frames")
            }
            return labels
        }
    }
}
