/// The Destroyer's per-patch weight `diff_p = min(λ (1 − SSIM(N_p, GT_p)), 1)`.
///
/// `N` is the (noised) predicted frame the Destroyer sees and `GT` the real future frame, both NCHW in [−1, 1]
/// (mapped to [0, 1] before SSIM). The result has one value per sample and patch, laid out
/// `batch × (height/patchSize) × (width/patchSize)`, row-major. A patch with `diff_p` near 1 is one the generator
/// got wrong: the Destroyer learns to push it to the destroying target Z_p; near 0 it learns to keep it.
public struct PatchDifficulty: Sendable {
    public let patchSize: Int
    /// λ: the scale of the dissimilarity (the paper's Table 8 sweeps 1…6, default 4).
    public let lambda: Double
    public let ssim: GaussianSSIM

    public init(patchSize: Int, lambda: Double, ssim: GaussianSSIM = GaussianSSIM()) {
        precondition(patchSize >= 1 && lambda > 0, "PatchDifficulty: patch size ≥ 1 and λ > 0 required")
        self.patchSize = patchSize
        self.lambda = lambda
        self.ssim = ssim
    }

    /// `diff_p` for every sample and patch.
    public func weights(noised: [Float], target: [Float], batch: Int, channels: Int, height: Int,
                        width: Int) -> [Float] {
        precondition(noised.count == batch * channels * height * width && target.count == noised.count,
                     "PatchDifficulty: buffer size does not match shape")
        precondition(height % patchSize == 0 && width % patchSize == 0,
                     "PatchDifficulty: patch size \(patchSize) does not divide \(height)×\(width)")
        let unit: (Float) -> Float = { ($0 + 1) / 2 }
        let a = noised.map(unit), b = target.map(unit)
        let rows = height / patchSize, cols = width / patchSize, plane = height * width
        var out = [Float](repeating: 0, count: batch * rows * cols)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for n in 0..<batch {
                    for r in 0..<rows {
                        for c in 0..<cols {
                            let offset = n * channels * plane + r * patchSize * width + c * patchSize
                            let s = ssim.similarity(pa.baseAddress! + offset, pb.baseAddress! + offset,
                                                    channels: channels, height: patchSize, width: patchSize,
                                                    rowStride: width, channelStride: plane)
                            out[(n * rows + r) * cols + c] = Float(min(max(lambda * (1 - s), 0), 1))
                        }
                    }
                }
            }
        }
        return out
    }
}
