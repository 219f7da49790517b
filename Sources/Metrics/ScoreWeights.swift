import Foundation

/// The test-time weights γ of the four score components:
/// `Scaled = γ1 SL_tri^l + γ2 SL_tri^m + γ3 SL_MSE^G + γ4 SL_MSE^D` (METHOD.md, "Anomaly score").
public struct ScoreWeights: Sendable, Hashable, Codable, CustomStringConvertible {
    /// γ1, weight of the label triplet component.
    public var labelTriplet: Double
    /// γ2, weight of the motion triplet component.
    public var motionTriplet: Double
    /// γ3, weight of the generator MSE component.
    public var generatorMSE: Double
    /// γ4, weight of the Destroyer MSE component.
    public var destroyerMSE: Double

    /// Creates weights from the four γ values.
    public init(labelTriplet: Double, motionTriplet: Double, generatorMSE: Double, destroyerMSE: Double) {
        self.labelTriplet = labelTriplet
        self.motionTriplet = motionTriplet
        self.generatorMSE = generatorMSE
        self.destroyerMSE = destroyerMSE
    }

    /// Parses `"γ1,γ2,γ3,γ4"`: exactly four finite, non-negative numbers separated by commas (spaces allowed).
    /// Throws `MetricsError.invalidWeights` with a message saying what is wrong.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 4 else {
            throw MetricsError.invalidWeights(
                "expected four comma-separated numbers γ1,γ2,γ3,γ4 (label triplet, motion triplet, generator MSE, "
                    + "Destroyer MSE), got \(parts.count) value\(parts.count == 1 ? "" : "s") in '\(text)'")
        }
        var values: [Double] = []
        for (index, part) in parts.enumerated() {
            guard let value = Double(part), value.isFinite else {
                throw MetricsError.invalidWeights("γ\(index + 1) is '\(part)', not a finite number (in '\(text)')")
            }
            guard value >= 0 else {
                throw MetricsError.invalidWeights("γ\(index + 1) is \(part): weights must not be negative")
            }
            values.append(value)
        }
        self.init(labelTriplet: values[0], motionTriplet: values[1], generatorMSE: values[2], destroyerMSE: values[3])
    }

    /// The weight of `component`.
    public subscript(component: ScoreComponent) -> Double {
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

    /// The weights with every component outside `components` set to 0 (absent components contribute nothing).
    public func restricted(to components: [ScoreComponent]) -> ScoreWeights {
        var weights = ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 0, destroyerMSE: 0)
        for component in components { weights[component] = self[component] }
        return weights
    }

    /// `[γ1, γ2, γ3, γ4]`.
    public var values: [Double] { [labelTriplet, motionTriplet, generatorMSE, destroyerMSE] }

    /// `γ1,γ2,γ3,γ4`, the form `init(parsing:)` reads.
    public var description: String {
        [labelTriplet, motionTriplet, generatorMSE, destroyerMSE].map { "\($0)" }.joined(separator: ",")
    }

    /// All four weights 1.
    public static let equal = ScoreWeights(labelTriplet: 1, motionTriplet: 1, generatorMSE: 1, destroyerMSE: 1)
    /// The paper's Table 10 weights for UCSD Ped2.
    public static let ped2 = ScoreWeights(labelTriplet: 0.02, motionTriplet: 0.50, generatorMSE: 0.48, destroyerMSE: 1.00)
    /// The paper's Table 10 weights for CUHK Avenue.
    public static let avenue = ScoreWeights(labelTriplet: 0.94, motionTriplet: 0.02, generatorMSE: 0.04, destroyerMSE: 1.00)
    /// The paper's Table 10 weights for ShanghaiTech.
    public static let shanghaiTech = ScoreWeights(
        labelTriplet: 0.68, motionTriplet: 0.06, generatorMSE: 0.26, destroyerMSE: 0.25)
}
