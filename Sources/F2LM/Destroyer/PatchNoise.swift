/// Dropout noise on random square patches of a batch of predicted frames, the corruption the Destroyer is trained
/// to undo or destroy (phase 2).
///
/// Each call draws, as the authors' code does, a patch rate `r ~ U[noiseRate]` and a dropout probability
/// `p ~ U[dropoutRate]`; every patch of the `height/patchSize × width/patchSize` grid is chosen with probability
/// `r`, the same choice for the whole batch. Inside a chosen patch:
/// - `.channelIndependent` (CI, `Dropout2d`): for each sample and channel, the whole channel of the patch is zeroed
///   with probability `p`, survivors are scaled by `1 / (1 − p)`;
/// - `.channelDependent` (CD): for each sample one per-pixel mask shared by all channels zeroes a pixel with
///   probability `p`; no rescaling;
/// - `.none`: nothing is changed (and no patch is chosen).
/// Frames are in [−1, 1], so a zeroed value is mid-grey.
public struct PatchNoise: Sendable {
    /// How a chosen patch is corrupted.
    public enum Mode: String, Sendable, CaseIterable {
        /// Whole channels of a patch dropped independently (`Dropout2d`), survivors rescaled.
        case channelIndependent = "ci"
        /// One per-pixel mask shared by the channels, no rescaling.
        case channelDependent = "cd"
        /// No noise.
        case none
    }

    public let mode: Mode
    /// Patch side in pixels at the working resolution.
    public let patchSize: Int
    /// Range of the probability that a patch is chosen, drawn anew per call.
    public let noiseRate: ClosedRange<Double>
    /// Range of the dropout probability inside a chosen patch, drawn anew per call.
    public let dropoutRate: ClosedRange<Double>

    public init(mode: Mode, patchSize: Int, noiseRate: ClosedRange<Double> = 0.05...0.5,
                dropoutRate: ClosedRange<Double> = 0.05...0.5) {
        precondition(patchSize >= 1, "PatchNoise: patch size must be ≥ 1")
        precondition(noiseRate.lowerBound >= 0 && noiseRate.upperBound <= 1, "PatchNoise: noise rate outside [0, 1]")
        precondition(dropoutRate.lowerBound >= 0 && dropoutRate.upperBound < 1, "PatchNoise: dropout rate outside [0, 1)")
        self.mode = mode
        self.patchSize = patchSize
        self.noiseRate = noiseRate
        self.dropoutRate = dropoutRate
    }

    /// Corrupts `frames` (NCHW, `batch`×`channels`×`height`×`width`) in place and returns which patches of the grid
    /// were chosen, row-major over the `(height/patchSize)×(width/patchSize)` grid, shared by the batch.
    @discardableResult
    public func apply<G: RandomNumberGenerator>(to frames: inout [Float], batch: Int, channels: Int, height: Int,
                                                 width: Int, using generator: inout G) -> [Bool] {
        precondition(frames.count == batch * channels * height * width, "PatchNoise: buffer size does not match shape")
        precondition(height % patchSize == 0 && width % patchSize == 0,
                     "PatchNoise: patch size \(patchSize) does not divide \(height)×\(width)")
        let rows = height / patchSize, cols = width / patchSize
        guard mode != .none else { return [Bool](repeating: false, count: rows * cols) }
        let rate = Double.random(in: noiseRate, using: &generator)
        let p = Double.random(in: dropoutRate, using: &generator)
        let chosen = (0..<(rows * cols)).map { _ in Double.random(in: 0..<1, using: &generator) < rate }
        let keepScale = Float(1 / (1 - p))
        let plane = height * width
        for patch in 0..<(rows * cols) where chosen[patch] {
            let top = (patch / cols) * patchSize, left = (patch % cols) * patchSize
            for n in 0..<batch {
                switch mode {
                case .channelIndependent:
                    for c in 0..<channels {
                        let drop = Double.random(in: 0..<1, using: &generator) < p
                        let base = (n * channels + c) * plane
                        for y in top..<(top + patchSize) {
                            for x in left..<(left + patchSize) {
                                frames[base + y * width + x] = drop ? 0 : frames[base + y * width + x] * keepScale
                            }
                        }
                    }
                case .channelDependent:
                    for y in top..<(top + patchSize) {
                        for x in left..<(left + patchSize) where Double.random(in: 0..<1, using: &generator) < p {
                            for c in 0..<channels { frames[(n * channels + c) * plane + y * width + x] = 0 }
                        }
                    }
                case .none:
                    break
                }
            }
        }
        return chosen
    }
}
