/// Weights of the generator loss L_G = δ_int L_int + δ_gd L_gd + δ_adv L_adv^G + δ_tri L_tri
/// (`loss.*`; read by the generator stage).
public struct LossConfig: Sendable, Codable, Hashable {
    /// δ_int, intensity (squared error) weight (1).
    public var deltaInt: Double
    /// δ_gd, gradient difference weight (1).
    public var deltaGd: Double
    /// δ_adv, least-squares adversarial weight (0.05).
    public var deltaAdv: Double
    /// δ_tri, triplet weight (1).
    public var deltaTri: Double

    /// Creates loss weights.
    public init(deltaInt: Double, deltaGd: Double, deltaAdv: Double, deltaTri: Double) {
        self.deltaInt = deltaInt
        self.deltaGd = deltaGd
        self.deltaAdv = deltaAdv
        self.deltaTri = deltaTri
    }

    enum CodingKeys: String, CodingKey {
        case deltaInt = "delta_int", deltaGd = "delta_gd", deltaAdv = "delta_adv", deltaTri = "delta_tri"
    }
}
