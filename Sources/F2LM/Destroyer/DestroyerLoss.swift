import TensorCore

/// The Destroyer's loss `L = Σ_p diff_p ‖Z_p − R_p‖² + (1 − diff_p) ‖A_p − R_p‖²`, summed over batch and patches:
/// R the Destroyer's output, A the clean generator prediction (what to keep), Z the destroying target (a black
/// frame or the scene's background; absent for Z_p = none, which leaves only the keep term).
public enum DestroyerLoss {
    /// Spreads per-sample, per-patch weights (`batch × rows × cols`, as `PatchDifficulty` returns them) over every
    /// pixel and channel of each patch: an NCHW buffer `batch × channels × height × width`.
    public static func pixelWeights(_ patchWeights: [Float], batch: Int, channels: Int, height: Int, width: Int,
                                    patchSize: Int) -> [Float] {
        let rows = height / patchSize, cols = width / patchSize
        precondition(patchWeights.count == batch * rows * cols, "DestroyerLoss.pixelWeights: expected \(batch * rows * cols) weights")
        var out = [Float](repeating: 0, count: batch * channels * height * width)
        for n in 0..<batch {
            for c in 0..<channels {
                for y in 0..<height {
                    let rowBase = ((n * channels + c) * height + y) * width
                    for x in 0..<width {
                        out[rowBase + x] = patchWeights[(n * rows + y / patchSize) * cols + x / patchSize]
                    }
                }
            }
        }
        return out
    }

    /// The loss, shape `[1]`: `Σ W (Z − R)² + Σ (1 − W)(A − R)²` with W the pixel weights (`pixelWeights`);
    /// all tensors `[N, C, H, W]`. Differentiable in `output`.
    public static func loss(output: Tensor, kept: Tensor, destroyed: Tensor?, weights: Tensor) -> Tensor {
        precondition(output.shape == kept.shape && weights.shape == output.shape, "DestroyerLoss: shape mismatch")
        let keep = ((1 - weights) * (kept - output).square()).sum()
        guard let destroyed else { return keep }
        precondition(destroyed.shape == output.shape, "DestroyerLoss: target shape mismatch")
        return (weights * (destroyed - output).square()).sum() + keep
    }
}
