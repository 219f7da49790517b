/// The axis the triplet loss's L2 distance runs over on `[N, C, H, W]` feature maps.
public enum TripletDistanceAxis: Sendable, Hashable {
    /// The last axis W, with ε = 1e-6 added to the difference: PyTorch's `PairwiseDistance(2)` on NCHW, as the
    /// authors' `Triplet_loss` and `SIM_LOSS` use it; distances `[N, C, H]`.
    case width
    /// The channel axis at each position (the feature vector of a position); distances `[N, H, W]`.
    case channels
}

/// How the gradient-difference loss treats the last column and row, where a forward difference has no neighbour.
public enum GradientEdges: Sendable, Hashable {
    /// Zero padding on the right and bottom (the authors' `Gradient_Loss`): the last column's ∂ₓ is `0 − a`, so
    /// it contributes `||b| − |a||`; both terms are means over N·C·H·W.
    case zeroPad
    /// Only the inner differences: means over N·C·H·(W−1) and N·C·(H−1)·W.
    case crop
}
