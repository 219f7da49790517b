/// How a configured γ (written in Table 10's convention `[γ1 label, γ2 motion, γ3 generator, γ4 Destroyer]`)
/// becomes the weights that multiply the standardised components.
///
/// The authors' grid search weighs the components with `a + b + c = 5` (motion, label, generator) and
/// `d ∈ {0.25, 0.5, 0.75, 1}` (Destroyer); Table 10's γ1–γ3 are those grid points divided by 5 while γ4 is d
/// itself. Applying Table 10 literally therefore weighs the Destroyer term 5× more, relative to the others, than
/// the runs behind the paper did.
public enum ScoreWeightScale: String, Sendable, Hashable, Codable, CaseIterable {
    /// `[5 γ1, 5 γ2, 5 γ3, γ4]`: the weights of the authors' runs (the default).
    case authors
    /// `[γ1, γ2, γ3, γ4]` as written in Table 10.
    case literal

    /// The weights applied for configured `gamma`.
    public func effective(_ gamma: ScoreWeights) -> ScoreWeights {
        switch self {
        case .literal: return gamma
        case .authors:
            return ScoreWeights(labelTriplet: 5 * gamma.labelTriplet, motionTriplet: 5 * gamma.motionTriplet,
                                generatorMSE: 5 * gamma.generatorMSE, destroyerMSE: gamma.destroyerMSE)
        }
    }
}
