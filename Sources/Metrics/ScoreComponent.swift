/// One per-frame anomaly-score component of the F2LM + Destroyer detector.
///
/// The raw value is the CSV column name of the per-frame score file.
public enum ScoreComponent: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    /// Label triplet loss `L_tri^l` at the frame (needs the label encoder and FTC). Weight γ1.
    case labelTriplet = "label_triplet"
    /// Motion triplet loss `L_tri^m` at the frame (needs the motion encoder and FTC). Weight γ2.
    case motionTriplet = "motion_triplet"
    /// Mean squared error of the generator's predicted frame against the real one (frames in [0, 1]). Weight γ3.
    case generatorMSE = "generator_mse"
    /// Mean squared error of the Destroyer's output against the real frame (frames in [0, 1]). Weight γ4.
    case destroyerMSE = "destroyer_mse"

    /// The CSV column name (same as `rawValue`).
    public var columnName: String { rawValue }
}
