/// The Destroyer's per-patch weight `diff_p = min(λ (1 − SSIM(N_p, GT_p)), 1)`.
///
/// `N` is the (noised) predicted frame the Destroyer sees and `GT` the real future frame, both NCHW in [−1, 1].
/// The result has one value per sample and patch, laid out `batch × (height/patchSize) × (width/patchSize)`,
/// row-major. A patch with `diff_p` near 1 is one the generator got wrong: the Destroyer learns to push it to the
/// destroying target Z_p; near 0 it learns to keep it.
///
/// `range` says how SSIM sees the values (`destroyer.ssim_range`):
/// - `.authors` (the authors' `ssim_error`): the patches stay in [−1, 1]; the dynamic range is picked from the
///   noised patch, `L = max_v − min_v` with `max_v = 255` if max(N_p) > 128 else 1 and `min_v = −1` if
///   min(N_p) < −0.5 else 0 (all channels and pixels of the patch), so normally L = 2 or 1; the window is the
///   authors' (σ fixed, off-centre for even sizes); no lower clamp, so a patch with SSIM > 1 − 0 … can give a
///   negative `diff_p` only when SSIM > 1, which cannot happen, and SSIM < 0 gives `diff_p` = 1.
/// - `.unit` (this project's earlier choice): both patches mapped to [0, 1], L = 1, the scaled window
///   (`GaussianSSIM.Window.scaled`), and `diff_p` clamped to [0, 1].
public struct PatchDifficulty: Sendable {
    /// How SSIM sees the patches.
    public enum Range: String, Sendable, Codable, Hashable, CaseIterable {
        /// [−1, 1] values, L from the noised patch (2 or 1), the authors' window.
        case authors
        /// [0, 1] values, L = 1, the window's σ scaled with its size.
        case unit
    }

    public let patchSize: Int
    /// λ: the scale of the dissimilarity (the paper's Table 8 sweeps 1…6, default 4).
    public let lambda: Double
    /// How SSIM sees the patches.
    public let range: Range
    /// The SSIM measure (its `window` follows `range`).
    public let ssim: GaussianSSIM

    /// A difficulty with patch side `patchSize`, scale λ, SSIM window `windowSize`/`sigma`, and `range`.
    public init(patchSize: Int, lambda: Double, range: Range = .authors, windowSize: Int = 11, sigma: Double = 1.5) {
        precondition(patchSize >= 1 && lambda > 0, "PatchDifficulty: patch size ≥ 1 and λ > 0 required")
        self.patchSize = patchSize
        self.lambda = lambda
        self.range = range
        self.ssim = GaussianSSIM(windowSize: windowSize, sigma: sigma, window: range == .authors ? .authors : .scaled)
    }

    /// SSIM and the dynamic range L used, for every sample and patch (layout as `weights`).
    public func patchSimilarities(noised: [Float], target: [Float], batch: Int, channels: Int, height: Int,
                                  width: Int) -> [(ssim: Double, dynamicRange: Double)] {
        precondition(noised.count == batch * channels * height * width && target.count == noised.count,
                     "PatchDifficulty: buffer size does not match shape")
        precondition(height % patchSize == 0 && width % patchSize == 0,
                     "PatchDifficulty: patch size \(patchSize) does not divide \(height)×\(width)")
        let a: [Float], b: [Float]
        switch range {
        case .authors:
            a = noised
            b = target
        case .unit:
            let unit: (Float) -> Float = { ($0 + 1) / 2 }
            a = noised.map(unit)
            b = target.map(unit)
        }
        let rows = height / patchSize, cols = width / patchSize, plane = height * width
        var out: [(ssim: Double, dynamicRange: Double)] = []
        out.reserveCapacity(batch * rows * cols)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for n in 0..<batch {
                    for r in 0..<rows {
                        for c in 0..<cols {
                            let offset = n * channels * plane + r * patchSize * width + c * patchSize
                            let range = dynamicRange(pa.baseAddress! + offset, channels: channels, rowStride: width,
                                                     channelStride: plane)
                            let s = ssim.similarity(pa.baseAddress! + offset, pb.baseAddress! + offset,
                                                    channels: channels, height: patchSize, width: patchSize,
                                                    rowStride: width, channelStride: plane, dynamicRange: range)
                            out.append((s, range))
                        }
                    }
                }
            }
        }
        return out
    }

    /// `diff_p` for every sample and patch.
    public func weights(noised: [Float], target: [Float], batch: Int, channels: Int, height: Int,
                        width: Int) -> [Float] {
        patchSimilarities(noised: noised, target: target, batch: batch, channels: channels, height: height,
                          width: width).map { difficulty(ssim: $0.ssim) }
    }

    /// `min(λ (1 − SSIM), 1)`, also clamped below at 0 for `.unit`.
    public func difficulty(ssim: Double) -> Float {
        let scaled = min(lambda * (1 - ssim), 1)
        return Float(range == .authors ? scaled : max(scaled, 0))
    }

    /// L of one patch (first pixel at `patch`): for `.authors` `max_v − min_v` from the patch's own extremes, for
    /// `.unit` 1.
    func dynamicRange(_ patch: UnsafePointer<Float>, channels: Int, rowStride: Int, channelStride: Int) -> Double {
        guard range == .authors else { return 1 }
        var low = Float.infinity, high = -Float.infinity
        for c in 0..<channels {
            for y in 0..<patchSize {
                for x in 0..<patchSize {
                    let v = patch[c * channelStride + y * rowStride + x]
                    low = min(low, v)
                    high = max(high, v)
                }
            }
        }
        let maxValue: Double = high > 128 ? 255 : 1
        let minValue: Double = low < -0.5 ? -1 : 0
        return maxValue - minValue
    }
}
