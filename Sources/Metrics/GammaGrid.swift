/// The candidate γ weights of a γ search, laid out as the authors searched them.
///
/// The authors' grid has `γ1 + γ2 + γ3 = 5` and `γ4 ∈ {0.25, 0.5, 0.75, 1}`; the weights they report in
/// Table 10 are those grid points divided by 5 (so `γ1 + γ2 + γ3 = 1`): Ped2's 0.02 / 0.50 / 0.48 are
/// 0.1 / 2.5 / 2.4 on the sum-5 scale, a grid step of 0.1. This grid does the same: every
/// `(γ1, γ2, γ3)` with `γ1 + γ2 + γ3 = 5` in steps of `step`, divided by 5, crossed with `destroyerWeights`
/// (left unscaled, as in Table 10). The default step 0.5 gives 66 × 4 = 264 candidates; step 0.1 (the authors'
/// resolution) gives 1326 × 4.
public struct GammaGrid: Sendable, Hashable, Codable {
    /// Step of γ1, γ2, γ3 on the sum-5 scale; must divide 5 into a whole number of steps.
    public var step: Double
    /// The values tried for γ4 (Destroyer MSE).
    public var destroyerWeights: [Double]

    /// A grid with the given step and γ4 values.
    public init(step: Double = 0.5, destroyerWeights: [Double] = [0.25, 0.5, 0.75, 1]) {
        self.step = step
        self.destroyerWeights = destroyerWeights
    }

    /// The authors' layout with step 0.5.
    public static let paper = GammaGrid()

    /// All candidates in a fixed order: γ4 outermost (in `destroyerWeights` order), then γ1 from 0 up, then γ2
    /// from 0 up (γ3 = 1 − γ1 − γ2 on the reported scale). Throws `MetricsError.invalidWeights` for a step that
    /// is not positive or does not divide 5, or γ4 values that are empty, negative or not finite.
    public func candidates() throws -> [ScoreWeights] {
        guard step.isFinite, step > 0, step <= 5 else {
            throw MetricsError.invalidWeights("grid step \(step) must be a number in (0, 5]")
        }
        let stepsExact = 5 / step
        let steps = Int(stepsExact.rounded())
        guard abs(stepsExact - Double(steps)) < 1e-9 * stepsExact, steps <= 1000 else {
            throw MetricsError.invalidWeights("grid step \(step) must divide 5 into a whole number of steps (at most 1000)")
        }
        guard !destroyerWeights.isEmpty, destroyerWeights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw MetricsError.invalidWeights("γ4 grid values \(destroyerWeights) must be non-empty, finite, ≥ 0")
        }
        var result: [ScoreWeights] = []
        result.reserveCapacity(destroyerWeights.count * (steps + 1) * (steps + 2) / 2)
        let n = Double(steps)
        for destroyer in destroyerWeights {
            for i in 0...steps {
                for j in 0...(steps - i) {
                    result.append(ScoreWeights(
                        labelTriplet: Double(i) / n, motionTriplet: Double(j) / n,
                        generatorMSE: Double(steps - i - j) / n, destroyerMSE: destroyer))
                }
            }
        }
        return result
    }
}
