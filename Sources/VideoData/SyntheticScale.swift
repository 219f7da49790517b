/// The size of a synthetic dataset: how many videos, how long, at which resolution — `data.synthetic` of a run's
/// configuration (the dataset stage renders it) and what `SyntheticDatasetWriter` writes and records in dataset.json.
/// One type for both (issue 15). `validationVideos` is the writer's alone (`f2lm data synth --validation-videos`):
/// a run's config has no such key and leaves it 0.
public struct SyntheticScale: Hashable, Codable, Sendable {
    /// Number of training videos (normal only).
    public var trainVideos: Int
    /// Number of test videos (normal and anomalous stretches).
    public var testVideos: Int
    /// Shortest video, in frames.
    public var minFrames: Int
    /// Longest video, in frames (each video's length is drawn uniformly in `minFrames...maxFrames`).
    public var maxFrames: Int
    /// Width and height of the square frames in pixels.
    public var frameSize: Int
    /// Number of validation videos: test-like (normal and anomalous stretches) but drawn from their own seed
    /// stream, so they are never test videos; 0 writes none. Settings are chosen on these, never on the test split.
    public var validationVideos: Int
    /// Difficulty levers of the family (issue 30), each at its neutral value by default so that the committed
    /// families render exactly as before: `data.synthetic.actor_scale`, `anomaly_speed`, `crowd_density`,
    /// `anomaly_kinds` (see `FamilyTuning`).
    public var tuning = FamilyTuning()

    /// Creates a scale; counts must be positive (validation may be 0), `minFrames` at least 8 and not above
    /// `maxFrames`.
    public init(trainVideos: Int, testVideos: Int, minFrames: Int, maxFrames: Int, frameSize: Int,
                validationVideos: Int = 0) {
        self.trainVideos = trainVideos
        self.testVideos = testVideos
        self.minFrames = minFrames
        self.maxFrames = maxFrames
        self.frameSize = frameSize
        self.validationVideos = validationVideos
    }

    private enum CodingKeys: String, CodingKey {
        case trainVideos = "train_videos", testVideos = "test_videos", minFrames = "min_frames", maxFrames = "max_frames"
        case frameSize = "frame_size", validationVideos = "validation_videos"
        case actorScale = "actor_scale", anomalySpeed = "anomaly_speed", crowdDensity = "crowd_density"
        case anomalyKinds = "anomaly_kinds"
    }

    /// The spelling of dataset.json files written before the config and the writer shared this type.
    private enum LegacyCodingKeys: String, CodingKey {
        case trainVideos, testVideos, minFrames, maxFrames, frameSize, validationVideos
    }

    /// Decodes a scale from a config file's `data.synthetic` or a dataset.json (`train_videos`, …; dataset.json files
    /// written before read as `trainVideos`, …); `validation_videos` is optional (0 when absent: a run's config has
    /// no such key, and older dataset.json files lack it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if !c.contains(.trainVideos), let legacy = try? decoder.container(keyedBy: LegacyCodingKeys.self),
           legacy.contains(.trainVideos) {
            self.init(trainVideos: try legacy.decode(Int.self, forKey: .trainVideos),
                      testVideos: try legacy.decode(Int.self, forKey: .testVideos),
                      minFrames: try legacy.decode(Int.self, forKey: .minFrames), maxFrames: try legacy.decode(Int.self, forKey: .maxFrames),
                      frameSize: try legacy.decode(Int.self, forKey: .frameSize),
                      validationVideos: try legacy.decodeIfPresent(Int.self, forKey: .validationVideos) ?? 0)
            return
        }
        self.init(trainVideos: try c.decode(Int.self, forKey: .trainVideos), testVideos: try c.decode(Int.self, forKey: .testVideos),
                  minFrames: try c.decode(Int.self, forKey: .minFrames), maxFrames: try c.decode(Int.self, forKey: .maxFrames),
                  frameSize: try c.decode(Int.self, forKey: .frameSize),
                  validationVideos: try c.decodeIfPresent(Int.self, forKey: .validationVideos) ?? 0)
        let neutral = FamilyTuning()
        tuning = FamilyTuning(actorScale: try c.decodeIfPresent(Double.self, forKey: .actorScale) ?? neutral.actorScale,
                              anomalySpeed: try c.decodeIfPresent(Double.self, forKey: .anomalySpeed) ?? neutral.anomalySpeed,
                              crowdDensity: try c.decodeIfPresent(Double.self, forKey: .crowdDensity) ?? neutral.crowdDensity,
                              anomalyKinds: try c.decodeIfPresent([String].self, forKey: .anomalyKinds) ?? neutral.anomalyKinds)
    }

    /// Encodes the config spelling; `validation_videos` only when there are some (a run's config never has them).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(trainVideos, forKey: .trainVideos)
        try c.encode(testVideos, forKey: .testVideos)
        try c.encode(minFrames, forKey: .minFrames)
        try c.encode(maxFrames, forKey: .maxFrames)
        try c.encode(frameSize, forKey: .frameSize)
        if validationVideos != 0 { try c.encode(validationVideos, forKey: .validationVideos) }
        // The levers only when moved from neutral: dataset.json of the committed families stays byte-identical.
        let neutral = FamilyTuning()
        if tuning.actorScale != neutral.actorScale { try c.encode(tuning.actorScale, forKey: .actorScale) }
        if tuning.anomalySpeed != neutral.anomalySpeed { try c.encode(tuning.anomalySpeed, forKey: .anomalySpeed) }
        if tuning.crowdDensity != neutral.crowdDensity { try c.encode(tuning.crowdDensity, forKey: .crowdDensity) }
        if tuning.anomalyKinds != neutral.anomalyKinds { try c.encode(tuning.anomalyKinds, forKey: .anomalyKinds) }
    }

    /// The sizes of `experiments/scales/smoke.yaml`: 2 training and 4 test videos of 24 frames at 32×32 (tests and
    /// smoke runs). `ScaleDataSettingsTests` keeps each preset equal to its YAML file.
    public static let smoke = SyntheticScale(trainVideos: 2, testVideos: 4, minFrames: 24, maxFrames: 24, frameSize: 32)
    /// The sizes of `experiments/scales/default.yaml`: 10 training and 24 test videos (and as many validation videos)
    /// of 100–140 frames at 64×64.
    public static let `default` = SyntheticScale(trainVideos: 10, testVideos: 24, minFrames: 100, maxFrames: 140, frameSize: 64)
    /// The sizes of `experiments/scales/paper.yaml`: 16 training and 12 test videos of 120–180 frames at 256×256.
    public static let paper = SyntheticScale(trainVideos: 16, testVideos: 12, minFrames: 120, maxFrames: 180, frameSize: 256)

    /// The preset named `smoke`, `default` or `paper`, or nil.
    public static func named(_ name: String) -> SyntheticScale? {
        switch name { case "smoke": return .smoke; case "default": return .default; case "paper": return .paper; default: return nil }
    }

    /// The shortest video the scene schedule can fill.
    public static let minimumFrames = 8
    /// The render sizes the scene renderer supports, in pixels.
    public static let frameSizes = 16...1024

    /// The fields out of range, each as its key (`min_frames`) and what was expected; empty when the scale can
    /// be rendered. Rules: counts ≥ 1, `min_frames` ≥ 8, `max_frames` ≥ `min_frames`, `frame_size` in 16…1024.
    public var issues: [(field: String, message: String)] {
        var issues: [(String, String)] = []
        if trainVideos < 1 { issues.append(("train_videos", "expected at least 1, found \(trainVideos)")) }
        if testVideos < 1 { issues.append(("test_videos", "expected at least 1, found \(testVideos)")) }
        if validationVideos < 0 { issues.append(("validation_videos", "expected at least 0, found \(validationVideos)")) }
        if minFrames < Self.minimumFrames {
            issues.append(("min_frames", "expected at least \(Self.minimumFrames), found \(minFrames)"))
        }
        if maxFrames < minFrames { issues.append(("max_frames", "expected at least min_frames (\(minFrames)), found \(maxFrames)")) }
        if !Self.frameSizes.contains(frameSize) {
            issues.append(("frame_size", "expected \(Self.frameSizes.lowerBound)…\(Self.frameSizes.upperBound) pixels, found \(frameSize)"))
        }
        issues += tuning.issues
        return issues
    }

    /// Throws the first of `issues`, naming `source` (a file or flag) and the field.
    public func validate(source: String) throws {
        if let issue = issues.first { throw VideoDataError(source, "\(issue.field): \(issue.message)") }
    }
}
