/// One scored test frame: where it is, its ground truth, and its score components.
///
/// A row holds either component values (any of the four may be absent, `nil`) or a single precomputed `score`
/// written by another tool; `ScoreTable` checks that all rows agree on which.
public struct ScoreRow: Sendable, Equatable {
    /// The test video's identifier (for example `01` or `Test001`).
    public var video: String
    /// The frame's index in its video (as the scorer numbers it; only used to identify the frame).
    public var frame: Int
    /// Frame-level ground truth: `true` when the frame is anomalous (label 1).
    public var isAnomalous: Bool
    /// Label triplet loss at the frame, if the label encoder and FTC were present.
    public var labelTriplet: Double?
    /// Motion triplet loss at the frame, if the motion encoder and FTC were present.
    public var motionTriplet: Double?
    /// Generator MSE (frames in [0, 1]).
    public var generatorMSE: Double?
    /// Destroyer MSE (frames in [0, 1]), if a Destroyer was trained.
    public var destroyerMSE: Double?
    /// A final anomaly score computed elsewhere (CSV column `score`); `nil` for component rows.
    public var score: Double?

    /// A row of score components.
    public init(
        video: String, frame: Int, isAnomalous: Bool, labelTriplet: Double? = nil, motionTriplet: Double? = nil,
        generatorMSE: Double? = nil, destroyerMSE: Double? = nil
    ) {
        self.video = video
        self.frame = frame
        self.isAnomalous = isAnomalous
        self.labelTriplet = labelTriplet
        self.motionTriplet = motionTriplet
        self.generatorMSE = generatorMSE
        self.destroyerMSE = destroyerMSE
        self.score = nil
    }

    /// A row with a precomputed anomaly score (higher = more anomalous) and no components.
    public init(video: String, frame: Int, isAnomalous: Bool, score: Double) {
        self.init(video: video, frame: frame, isAnomalous: isAnomalous)
        self.score = score
    }

    /// The value of `component`, or `nil` when absent.
    public subscript(component: ScoreComponent) -> Double? {
        get {
            switch component {
            case .labelTriplet: return labelTriplet
            case .motionTriplet: return motionTriplet
            case .generatorMSE: return generatorMSE
            case .destroyerMSE: return destroyerMSE
            }
        }
        set {
            switch component {
            case .labelTriplet: labelTriplet = newValue
            case .motionTriplet: motionTriplet = newValue
            case .generatorMSE: generatorMSE = newValue
            case .destroyerMSE: destroyerMSE = newValue
            }
        }
    }
}
