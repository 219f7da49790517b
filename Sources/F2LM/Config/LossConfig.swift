import TensorCore

/// Edge handling of the gradient-difference loss (`loss.gradient_edges`).
public enum GradientEdgeHandling: String, Sendable, Codable, Hashable, CaseIterable {
    /// The authors': zero padding right and bottom, means over N·C·H·W.
    case pad
    /// Inner differences only (this project's first choice).
    case crop

    /// The TensorCore option.
    public var edges: GradientEdges { self == .pad ? .zeroPad : .crop }
}

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
    /// Edge handling of L_gd (authors: `pad`).
    public var gradientEdges: GradientEdgeHandling

    /// Creates loss weights.
    public init(deltaInt: Double, deltaGd: Double, deltaAdv: Double, deltaTri: Double, gradientEdges: GradientEdgeHandling = .pad) {
        self.deltaInt = deltaInt
        self.deltaGd = deltaGd
        self.deltaAdv = deltaAdv
        self.deltaTri = deltaTri
        self.gradientEdges = gradientEdges
    }

    enum CodingKeys: String, CodingKey {
        case deltaInt = "delta_int", deltaGd = "delta_gd", deltaAdv = "delta_adv", deltaTri = "delta_tri"
        case gradientEdges = "gradient_edges"
    }
}
