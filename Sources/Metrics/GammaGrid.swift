/// The candidate γ weights of a γ search.
///
/// Two layouts:
/// - `.authors`: exactly the authors' `val_test_eval` loops, candidates being the weights that multiply the
///   standardised components (their scale, see `ScoreWeightScale`): for `a` in `np.arange(0.1, 4.9, 0.1)`
///   rounded to 1 decimal (4.9 is included by float error but yields no b), `rest = round(5 − a, 1)`, for `b` in
///   `np.arange(0.1, rest, 0.1)` rounded (it can reach `rest`, giving c = 0 at (0.1, 4.9), (0.6, 4.4),
///   (4.6, 0.4)), `c = round(rest − b, 1)`, for `d` in `destroyerWeights`: motion = a, label = b, generator = c,
///   Destroyer = d. 1179 (a, b, c) points × 4 d, in that loop order (a, then b, then d).
/// - `.uniform` (this project's earlier grid), described below.
///
/// The authors' grid has `γ1 + γ2 + γ3 = 5` and `γ4 ∈ {0.25, 0.5, 0.75, 1}`; the weights they report in
/// Table 10 are those grid points divided by 5 (so `γ1 + γ2 + γ3 = 1`): Ped2's 0.02 / 0.50 / 0.48 are
/// 0.1 / 2.5 / 2.4 on the sum-5 scale, a grid step of 0.1. This grid does the same: every
/// `(γ1, γ2, γ3)` with `γ1 + γ2 + γ3 = 5` in steps of `step`, divided by 5, crossed with `destroyerWeights`
/// (left unscaled, as in Table 10). The default step 0.5 gives 66 × 4 = 264 candidates; step 0.1 (the authors'
/// resolution) gives 1326 × 4.
public struct GammaGrid: Sendable, Hashable, Codable {
    /// How the candidates are laid out.
    public enum Layout: String, Sendable, Hashable, Codable {
        /// The authors' loops (`step` is not used).
        case authors
        /// Every multiple of `step` on the sum-5 scale, divided by 5, from 0.
        case uniform
    }

    /// Step of γ1, γ2, γ3 on the sum-5 scale; must divide 5 into a whole number of steps (`.uniform` only).
    public var step: Double
    /// The values tried for γ4 (Destroyer MSE).
    public var destroyerWeights: [Double]
    /// The layout.
    public var layout: Layout

    /// A grid with the given step and γ4 values.
    public init(step: Double = 0.5, destroyerWeights: [Double] = [0.25, 0.5, 0.75, 1], layout: Layout = .uniform) {
        self.step = step
        self.destroyerWeights = destroyerWeights
        self.layout = layout
    }

    /// The uniform layout with step 0.5 (264 candidates).
    public static let paper = GammaGrid()

    /// The authors' exact grid (1179 × 4 candidates on their weight scale).
    public static let authors = GammaGrid(layout: .authors)

    /// The authors' (a, b, c) points in their loop order (a = motion, b = label, c = generator), 1179 of them.
    public static func authorsPoints() -> [(a: Double, b: Double, c: Double)] {
        // np.arange(start, stop, step): ceil((stop − start) / step) values start + i·step; Python's round(x, 1).
        func arange(_ start: Double, _ stop: Double, _ step: Double) -> [Double] {
            let count = max(0, Int(((stop - start) / step).rounded(.up)))
            return (0..<count).map { start + Double($0) * step }
        }
        func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
        var points: [(a: Double, b: Double, c: Double)] = []
        for rawA in arange(0.1, 4.9, 0.1) {
            let a = round1(rawA)
            let rest = round1(5 - a)
            for rawB in arange(0.1, rest, 0.1) {
                let b = round1(rawB)
                points.append((a, b, round1(rest - b)))
            }
        }
        return points
    }

    /// All candidates in a fixed order: γ4 outermost (in `destroyerWeights` order), then γ1 from 0 up, then γ2
    /// from 0 up (γ3 = 1 − γ1 − γ2 on the reported scale). Throws `MetricsError.invalidWeights` for a step that
    /// is not positive or does not divide 5, or γ4 values that are empty, negative or not finite.
    public func candidates() throws -> [ScoreWeights] {
        guard !destroyerWeights.isEmpty, destroyerWeights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw MetricsError.invalidWeights("γ4 grid values \(destroyerWeights) must be non-empty, finite, ≥ 0")
        }
        if layout == .authors {
            return Self.authorsPoints().flatMap { point in
                destroyerWeights.map { d in
                    ScoreWeights(labelTriplet: point.b, motionTriplet: point.a, generatorMSE: point.c, destroyerMSE: d)
                }
            }
        }
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
