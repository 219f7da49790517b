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
    /// Synthetic dataset sizes and difficulty levers (`data.synthetic.*`; ignored for real datasets).
    public var synthetic: SyntheticScale
    /// What the label encoder receives (`data.labels`): `scores`, per-class segmenter scores over the 21 VOC classes
    /// as in the authors' code (the default of experiments/defaults.yaml and `RunConfig.paperDefaults`), or
    /// `onehot` class maps (results before issue 30; this initialiser's default) (`LabelInput`, docs/labels.md).
    public var labels: LabelInput = .onehot

    /// Creates a data configuration.
    public init(name: DatasetName, root: String? = nil, resolution: Int, color: Bool, history: Int, seed: Int,
                synthetic: SyntheticScale, labels: LabelInput = .onehot) {
        self.labels = labels
        self.name = name
        self.root = root
        self.resolution = resolution
        self.color = color
        self.history = history
        self.seed = seed
        self.synthetic = synthetic
    }

    enum CodingKeys: String, CodingKey {
        case name, root, resolution, color, history, seed, synthetic, labels
    }

    /// Decodes `data.*`; `labels` may be absent (configs written before it existed: `onehot`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(DatasetName.self, forKey: .name), root: try c.decodeIfPresent(String.self, forKey: .root),
                  resolution: try c.decode(Int.self, forKey: .resolution), color: try c.decode(Bool.self, forKey: .color),
                  history: try c.decode(Int.self, forKey: .history), seed: try c.decode(Int.self, forKey: .seed),
                  synthetic: try c.decode(SyntheticScale.self, forKey: .synthetic),
                  labels: try c.decodeIfPresent(LabelInput.self, forKey: .labels) ?? .onehot)
    }
}
