/// Batch normalisation over the channels of an NCHW tensor (PyTorch's `F.batch_norm`).
extension Tensor {
    /// Normalises each channel `c` of `[N, C, H, W]` and applies the affine map:
    /// `y = (x − μ_c) / √(σ²_c + ε) · γ_c + β_c`.
    /// Training: μ, σ² are the batch statistics over (N, H, W) (σ² biased) and the running buffers are updated in
    /// place as PyTorch does: `running = (1 − momentum) · running + momentum · stat`, with the unbiased variance
    /// `σ² · M / (M − 1)` (M = N·H·W). Evaluation: μ, σ² are the running buffers (not updated).
    /// `weight` (γ) and `bias` (β) have shape `[C]`; the running buffers have shape `[C]`.
    /// With `fusingReLU` the result is `max(y, 0)` computed in the same pass (forward and backward), which saves
    /// one read and one write of the activation each way compared with `batchNorm2d(…).relu()`.
    public static func batchNorm2d(_ input: Tensor, weight: Tensor?, bias: Tensor?,
                                   runningMean: Tensor, runningVariance: Tensor,
                                   training: Bool, momentum: Float = 0.1, epsilon: Float = 1e-5,
                                   fusingReLU: Bool = false) -> Tensor {
        let (n, c, h, w) = input.nchw
        for t in [weight, bias, runningMean, runningVariance].compactMap({ $0 }) {
            precondition(t.shape == [c], "batchNorm2d: parameter of shape \(t.shape), expected [\(c)] for input \(input.shape)")
        }
        let plane = h * w, m = n * plane
        precondition(!training || m > 1, "batchNorm2d: training needs more than one value per channel, input \(input.shape)")
        let x = input.storage.pointer
        // Per-channel statistics, kept alive by the backward closure.
        let meanStorage = TensorStorage(count: c), inverseStdStorage = TensorStorage(count: c)
        let mean = meanStorage.pointer, inverseStd = inverseStdStorage.pointer
        if training {
            Parallel.forEachChunk(c) { channels in
                for ch in channels {
                    var s: Double = 0
                    for b in 0..<n { s += Double(SIMDKernels.sum(x + (b * c + ch) * plane, plane)) }
                    let muF = Float(s / Double(m))
                    var v: Double = 0
                    for b in 0..<n { v += Double(SIMDKernels.sumOfSquaredDeviations(x + (b * c + ch) * plane, plane, mean: muF)) }
                    let variance = v / Double(m)
                    mean[ch] = muF
                    inverseStd[ch] = Float(1 / (variance + Double(epsilon)).squareRoot())
                    let rm = runningMean.storage.pointer, rv = runningVariance.storage.pointer
                    rm[ch] = (1 - momentum) * rm[ch] + momentum * muF
                    rv[ch] = (1 - momentum) * rv[ch] + momentum * Float(variance * Double(m) / Double(m - 1))
                }
            }
        } else {
            for ch in 0..<c {
                mean[ch] = runningMean.storage.pointer[ch]
                inverseStd[ch] = 1 / (runningVariance.storage.pointer[ch] + epsilon).squareRoot()
            }
        }
        let out = Tensor(uninitializedShape: input.shape)
        let y = out.storage.pointer
        let gamma = weight?.storage.pointer, beta = bias?.storage.pointer
        Parallel.forEachChunk(c) { channels in
            for ch in channels {
                let scale = inverseStd[ch] * (gamma?[ch] ?? 1)
                let shift = (beta?[ch] ?? 0) - mean[ch] * scale
                for b in 0..<n {
                    let src = x + (b * c + ch) * plane, dst = y + (b * c + ch) * plane
                    SIMDKernels.affine(src, dst, plane, scale: scale, shift: shift, relu: fusingReLU)
                }
            }
        }
        let parents = [input] + [weight, bias].compactMap { $0 }
        let outStorage = out.storage
        return result(shape: input.shape, storage: out.storage, parents: parents) { incoming in
            // With a fused ReLU the gradient reaching the normalisation is g · [y > 0], applied on the fly in
            // both passes below (no masked copy of g is written).
            let gp = incoming.storage.pointer
            let mask: UnsafePointer<Float>? = fusingReLU ? UnsafePointer(outStorage.pointer) : nil
            _ = (meanStorage, inverseStdStorage)
            let sums = TensorStorage(count: 2 * c)
            let sumG = sums.pointer, sumGX = sums.pointer + c
            // Σ g and Σ g·x̂ per channel, x̂ = (x − μ)·invstd.
            Parallel.forEachChunk(c) { channels in
                for ch in channels {
                    var s: Double = 0, sx: Double = 0
                    let mu = mean[ch], istd = inverseStd[ch]
                    for b in 0..<n {
                        let offset = (b * c + ch) * plane
                        let (t, tx) = SIMDKernels.gradientSums(gp + offset, x + offset, plane, mean: mu,
                                                               mask: mask.map { $0 + offset })
                        s += Double(t); sx += Double(tx) * Double(istd)
                    }
                    sumG[ch] = Float(s)
                    sumGX[ch] = Float(sx)
                }
            }
            if let weight, weight.requiresGrad { weight.accumulateGradient(Tensor(shape: [c], scalars: Array(UnsafeBufferPointer(start: sumGX, count: c)))) }
            if let bias, bias.requiresGrad { bias.accumulateGradient(Tensor(shape: [c], scalars: Array(UnsafeBufferPointer(start: sumG, count: c)))) }
            guard input.requiresGrad else { return }
            let gi = Tensor(uninitializedShape: input.shape)
            let d = gi.storage.pointer
            Parallel.forEachChunk(c) { channels in
                for ch in channels {
                    let istd = inverseStd[ch], gam = gamma?[ch] ?? 1, mu = mean[ch]
                    if training {
                        // ∂x = γ·invstd · (g − mean(g) − x̂ · mean(g·x̂))
                        let k = gam * istd, mg = sumG[ch] / Float(m), mgx = sumGX[ch] / Float(m)
                        for b in 0..<n {
                            let offset = (b * c + ch) * plane
                            SIMDKernels.batchNormInputGradient(gp + offset, x + offset, d + offset, plane,
                                                               mask: mask.map { $0 + offset }, scale: k,
                                                               meanGradient: mg, mean: mu, inverseStd: istd,
                                                               meanGradientTimesNormalized: mgx)
                        }
                    } else {
                        let k = gam * istd
                        for b in 0..<n {
                            let offset = (b * c + ch) * plane
                            SIMDKernels.scaled(gp + offset, d + offset, plane, mask: mask.map { $0 + offset }, scale: k)
                        }
                    }
                }
            }
            input.accumulateGradient(gi)
        }
    }
}
