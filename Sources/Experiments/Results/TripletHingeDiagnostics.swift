import Foundation
import Metrics

/// How often the triplet score components are exactly zero on the scored test frames, per run (runs.csv columns
/// `label_triplet_zero` and `motion_triplet_zero`), read from the scores node's `scores.csv`.
///
/// A triplet component is the hinge `max(d(Z'_x, Z_x) − d(Z'_x, Z_f) + α, 0)` of the frame. Where the generator has
/// learned to satisfy the margin, the hinge is exactly 0 and the component says nothing about that frame: a
/// component that is 0 on nearly every frame has (close to) chance AUC, however much γ weighs it. The fraction is
/// `#{frames with component = 0} / #{frames with the component}`; nil when the run has no such component (no label or
/// motion encoder, no FTC).
public struct TripletHingeDiagnostics: Sendable, Equatable {
    /// Fraction of scored frames whose label-triplet component is exactly 0; nil without the component.
    public var labelZero: Double?
    /// Fraction of scored frames whose motion-triplet component is exactly 0; nil without the component.
    public var motionZero: Double?

    /// Creates diagnostics from given fractions.
    public init(labelZero: Double?, motionZero: Double?) {
        self.labelZero = labelZero
        self.motionZero = motionZero
    }

    /// The fractions of a score table's component rows.
    public init(table: ScoreTable) {
        func zeroFraction(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : Double(values.filter { $0 == 0 }.count) / Double(values.count)
        }
        self.init(labelZero: zeroFraction(table.rows.compactMap(\.labelTriplet)),
                  motionZero: zeroFraction(table.rows.compactMap(\.motionTriplet)))
    }

    /// Reads a scores node's `scores.csv`; nil when it is missing or unreadable.
    public static func read(scores url: URL) -> TripletHingeDiagnostics? {
        guard let table = try? ScoreTable.read(from: url) else { return nil }
        return TripletHingeDiagnostics(table: table)
    }
}
