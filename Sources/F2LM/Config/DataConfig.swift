import VideoData

/// The datasets a run can use: three synthetic families standing for the paper's datasets, and the real ones.
public enum DatasetName: String, Sendable, Codable, Hashable, CaseIterable {
    /// Synthetic family standing for UCSD Ped2 (pedestrian walkway).
    case walkway
    /// Synthetic family standing for CUHK Avenue.
    case plaza
    /// Synthetic family standing for ShanghaiTech (campus scenes).
    case campus
    /// UCSD Ped2 (real; needs `data.root`).
    case ped2
    /// CUHK Avenue (real; needs `data.root`).
    case avenue
    /// ShanghaiTech Campus (real; needs `data.root`).
    case shanghaitech

    /// True for the real datasets, which are read from `data.root`.
    public var isReal: Bool { self == .ped2 || self == .avenue || self == .shanghaitech }

    /// The paper dataset this name stands for (`Ped2`, `Avenue`, `ShanghaiTech`).
    public var paperName: String {
        switch self {
        case .walkway, .ped2: return "Ped2"
        case .plaza, .avenue: return "Avenue"
        case .campus, .shanghaitech: return "ShanghaiTech"
        }
    }
}

/// Sizes of a synthetic dataset (ignored for real datasets).
public struct SyntheticConfig: Sendable, Codable, Hashable {
    /// Number of normal training videos (`train_videos`).
    public var trainVideos: Int
    /// Number of test videos, containing anomalies (`test_videos`).
    public var testVideos: Int
    /// Shortest video length in frames (`min_frames`).
    public var minFrames: Int
    /// Longest video length in frames (`max_frames`).
    public var maxFrames: Int
    /// Render size in pixels (square frames) before resizing to `data.resolution` (`frame_size`).
    public var frameSize: Int

    /// Creates synthetic sizes.
    public init(trainVideos: Int, testVideos: Int, minFrames: Int, maxFrames: Int, frameSize: Int) {
        self.trainVideos = trainVideos
        self.testVideos = testVideos
        self.minFrames = minFrames
        self.maxFrames = maxFrames
        self.frameSize = frameSize
    }

    /// The same sizes as the synthetic dataset writer takes them.
    public var scale: SyntheticScale {
        SyntheticScale(trainVideos: trainVideos, testVideos: testVideos, minFrames: minFrames, maxFrames: maxFrames,
                       frameSize: frameSize)
    }

    enum CodingKeys: String, CodingKey {
        case trainVideos = "train_videos", testVideos = "test_videos", minFrames = "min_frames"
        case maxFrames = "max_frames", frameSize = "frame_size"
    }
}

/// What data a run uses and how frames are prepared (`data.*`; all read by the dataset stage).
public struct DataConfig: Sendable, Codable, Hashable {
    /// The dataset (`data.name`).
    public var name: DatasetName
    /// Folder holding a real dataset (`data.root`); required for ped2/avenue/shanghaitech, not allowed for
    /// the synthetic families. A path: left out of run identity.
    public var root: String?
    /// Working resolution: frames are resized to `resolution × resolution` (256 in the paper).
    public var resolution: Int
    /// Colour (3 channels) when true, grey (1 channel) otherwise.
    public var color: Bool
    /// Number of past frames that predict the next one (4 in the paper).
    public var history: Int
    /// Seed of the synthetic dataset generator; fixed so that every run of a dataset sees the same videos.
    public var seed: Int
    /// Synthetic dataset sizes.
    public var synthetic: SyntheticConfig

    /// Creates a data configuration.
    public init(name: DatasetName, root: String? = nil, resolution: Int, color: Bool, history: Int, seed: Int,
                synthetic: SyntheticConfig) {
        self.name = name
        self.root = root
        self.resolution = resolution
        self.color = color
        self.history = history
        self.seed = seed
        self.synthetic = synthetic
    }

    enum CodingKeys: String, CodingKey {
        case name, root, resolution, color, history, seed, synthetic
    }
}
