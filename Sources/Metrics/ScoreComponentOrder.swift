/// Which score component each of Table 10's γ1 and γ2 weighs.
///
/// The paper's text names γ1 the weight of the label triplet and γ2 that of the motion triplet. The authors' public
/// code sums its grid weights in the order `a·motion + b·label + c·generator + d·Destroyer` (reference README,
/// quirk 10), and Table 10's γ1–γ3 are that grid's points divided by 5 (`ScoreWeightScale`); if the table printed
/// their `a` as γ1, then γ1 weighs the motion triplet. Nothing published settles which reading is right, and on
/// datasets whose γ1 is large (Avenue 0.94, ShanghaiTech 0.68) the two give different scores.
public enum ScoreComponentOrder: String, Sendable, Hashable, Codable, CaseIterable {
    /// γ1 weighs the label triplet, γ2 the motion triplet, as the paper's text says (the default).
    case paper
    /// γ1 weighs the motion triplet, γ2 the label triplet: the order of the authors' code applied to Table 10.
    case authorsCode = "authors_code"

    /// The configured `gamma` (written `[γ1, γ2, γ3, γ4]` into `ScoreWeights`' label, motion, generator and
    /// Destroyer fields) as weights per component: unchanged for `paper`, γ1 and γ2 exchanged for `authorsCode`.
    public func weights(_ gamma: ScoreWeights) -> ScoreWeights {
        switch self {
        case .paper: return gamma
        case .authorsCode:
            return ScoreWeights(labelTriplet: gamma.motionTriplet, motionTriplet: gamma.labelTriplet,
                                generatorMSE: gamma.generatorMSE, destroyerMSE: gamma.destroyerMSE)
        }
    }
}
