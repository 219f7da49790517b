import Foundation

/// A validation report of a dataset folder: per split the videos, frames, anomalous frames and what is missing.
/// With `decodeFrames`, every image is decoded, so corrupt files and mixed sizes are found too.
public struct DatasetCheck: Sendable {
    /// One line per video: name, frames, anomalous frames (test), what is present or missing.
    public struct VideoSummary: Sendable {
        /// Split of the video.
        public var split: DatasetSplit
        /// The video's name.
        public var name: String
        /// Number of frames.
        public var frames: Int
        /// Anomalous frames per the ground truth (nil when unknown).
        public var anomalousFrames: Int?
        /// Whether `labels/` maps are present.
        public var hasLabels: Bool
        /// Whether `flows/` files are present.
        public var hasFlows: Bool
        /// Frame size `W×H×C` of the first frame (when decoded).
        public var frameSize: String?
        /// The video file the frames are decoded from by the dataset stage (nil: a frame folder).
        public var videoFile: String? = nil
    }

    /// The checked dataset.
    public let dataset: VideoDataset
    /// Per-video summaries (training first).
    public let videos: [VideoSummary]
    /// Problems that are not fatal (missing optional inputs, missing ground truth).
    public let warnings: [String]

    /// Loads and checks the dataset at `path`. Fatal problems (missing folders, label length mismatches,
    /// corrupt images, mixed sizes) are thrown as `VideoDataError`s naming the file.
    public init(path: String, decodeFrames: Bool = true) throws {
        let dataset = try VideoDataset.load(path, requireGroundTruth: false)
        var summaries: [VideoSummary] = [], warnings: [String] = []
        if dataset.groundTruthSource == nil { warnings.append("no test ground truth (testing/test_frame_mask/*.npy or <name>.mat)") }
        for (split, records) in [(DatasetSplit.training, dataset.training), (.testing, dataset.testing)] {
            for r in records {
                var size: String? = nil
                if decodeFrames, r.framePaths.isEmpty, let video = r.videoPath {
                    var first: RasterImage?
                    try VideoFileDecoder.forEachFrame(video) { index, frame in if index == 0 { first = frame } }
                    size = first.map { "\($0.width)x\($0.height)x\($0.channels)" }
                } else if decodeFrames {
                    let frames = try VideoLoader.frames(of: r)
                    size = "\(frames[0].width)x\(frames[0].height)x\(frames[0].channels)"
                }
                if split == .testing && r.frameLabels == nil && r.deferredGroundTruth == nil && dataset.groundTruthSource != nil {
                    warnings.append("\(r.name): no frame labels")
                }
                summaries.append(VideoSummary(split: split, name: r.name, frames: r.frameCount,
                                              anomalousFrames: r.frameLabels.map { $0.filter { $0 != 0 }.count },
                                              hasLabels: r.labelPaths != nil, hasFlows: r.flowPaths != nil, frameSize: size,
                                              videoFile: r.videoPath))
            }
        }
        let noLabels = summaries.filter { !$0.hasLabels }.count, noFlows = summaries.filter { !$0.hasFlows }.count
        if noLabels > 0 { warnings.append("\(noLabels) videos without labels/ (computed by background subtraction when loaded; the folder is never written)") }
        if noFlows > 0 { warnings.append("\(noFlows) videos without flows/ (computed by Horn–Schunck when loaded; the folder is never written)") }
        self.dataset = dataset
        self.videos = summaries
        self.warnings = warnings
    }

    /// A human-readable report.
    public var report: String {
        var lines: [String] = ["dataset \(dataset.path)"]
        if let info = dataset.info {
            lines.append("family \(info.family ?? "-"), seed \(info.seed.map(String.init) ?? "-"), classes \(info.classNames.joined(separator: ","))")
        }
        lines.append("ground truth: \(dataset.groundTruthSource ?? "none")")
        for split in DatasetSplit.allCases {
            let v = videos.filter { $0.split == split }
            let frames = v.reduce(0) { $0 + $1.frames }
            let anomalous = v.compactMap(\.anomalousFrames).reduce(0, +)
            lines.append("\(split.rawValue): \(v.count) videos, \(frames) frames" + (split == .testing ? ", \(anomalous) anomalous frames" : ""))
            for s in v {
                var line = s.videoFile.map { "  \(s.name): video \($0) (frames decoded by the dataset stage)" } ?? "  \(s.name): \(s.frames) frames"
                if let a = s.anomalousFrames { line += ", \(a) anomalous" }
                if let size = s.frameSize { line += ", \(size)" }
                line += s.hasLabels ? ", labels" : ", no labels"
                line += s.hasFlows ? ", flows" : ", no flows"
                lines.append(line)
            }
        }
        for w in warnings { lines.append("warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}
