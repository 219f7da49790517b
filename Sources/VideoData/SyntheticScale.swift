/// The size of a synthetic dataset: how many videos, how long, at which resolution. All fields are free
/// parameters (a runner may shrink them to fit a time budget); the presets are starting points.
public struct SyntheticScale: Equatable, Codable, Sendable {
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
        case trainVideos, testVideos, minFrames, maxFrames, frameSize, validationVideos
    }

    /// Decodes a scale; `validationVideos` is optional (0 in dataset.json files written before it existed).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(trainVideos: try c.decode(Int.self, forKey: .trainVideos), testVideos: try c.decode(Int.self, forKey: .testVideos),
                  minFrames: try c.decode(Int.self, forKey: .minFrames), maxFrames: try c.decode(Int.self, forKey: .maxFrames),
                  frameSize: try c.decode(Int.self, forKey: .frameSize),
                  validationVideos: try c.decodeIfPresent(Int.self, forKey: .validationVideos) ?? 0)
    }

    /// 2 training and 2 test videos of 24–30 frames at 32×32: for tests and smoke runs.
    public static let smoke = SyntheticScale(trainVideos: 2, testVideos: 2, minFrames: 24, maxFrames: 30, frameSize: 32)
    /// 12 training and 10 test videos of 100–200 frames at 64×64: the default experiment scale.
    public static let `default` = SyntheticScale(trainVideos: 12, testVideos: 10, minFrames: 100, maxFrames: 200, frameSize: 64)
    /// 16 training and 12 test videos of 200–400 frames at 256×256: the paper's resolution.
    public static let paper = SyntheticScale(trainVideos: 16, testVideos: 12, minFrames: 200, maxFrames: 400, frameSize: 256)

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
        return issues
    }

    /// Throws the first of `issues`, naming `source` (a file or flag) and the field.
    public func validate(source: String) throws {
        if let issue = issues.first { throw VideoDataError(source, "\(issue.field): \(issue.message)") }
    }
}
