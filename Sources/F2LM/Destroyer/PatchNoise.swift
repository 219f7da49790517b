/// Dropout noise on random square patches of a batch of predicted frames, the corruption the Destroyer is trained
/// to undo or destroy (phase 2).
///
/// Each call draws, in the authors' order (`randomNoisePatches` in their `noise.py`), a patch rate `r ~ U[noiseRate]`
/// and a dropout probability `p ~ U[dropoutRate]`, each rounded to 2 decimals as they do, then the patch mask: every
/// patch of the `height/patchSize × width/patchSize` grid is chosen with probability `r`, the same choice for the
/// whole batch. Inside a chosen patch:
/// - `.channelIndependent` (CI, their method 2, `nn.Dropout2d`): for each sample and channel, the whole channel of
///   the patch is zeroed with probability `p`; survivors are multiplied by `1 / (1 − p)` (float32);
/// - `.channelDependent` (CD, their method 2.5): for each sample one per-pixel mask shared by all channels zeroes a
///   pixel with probability `p`; no rescaling;
/// - `.none`: nothing is changed (and no patch is chosen).
/// Frames are in [−1, 1], so a zeroed value is mid-grey, and CI's rescaling can leave [−1, 1].
///
/// Drawing (`draw`) and applying (`apply(_:to:…)`) are separate so recorded masks can be applied.
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

    /// One draw of the noise: rates, chosen patches and which values survive.
    public struct Draw: Sendable, Equatable {
        /// The patch rate r (rounded to 2 decimals).
        public var rate: Double
        /// The dropout probability p (rounded to 2 decimals).
        public var dropout: Double
        /// Chosen patches, row-major over the grid, shared by the batch.
        public var chosen: [Bool]
        /// Which values survive inside the chosen patches: for CI `batch × patches × channels`, for CD
        /// `batch × patches × patchSize × patchSize` (row-major inside the patch); entries of patches not chosen
        /// are ignored. Empty for `.none`.
        public var keep: [Bool]

        /// A draw from its parts (for recorded masks).
        public init(rate: Double, dropout: Double, chosen: [Bool], keep: [Bool]) {
            self.rate = rate
            self.dropout = dropout
            self.chosen = chosen
            self.keep = keep
        }
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

    /// Draws rates, patch mask and survivors for a `batch × channels × height × width` batch.
    public func draw<G: RandomNumberGenerator>(batch: Int, channels: Int, height: Int, width: Int,
                                               using generator: inout G) -> Draw {
        precondition(height % patchSize == 0 && width % patchSize == 0,
                     "PatchNoise: patch size \(patchSize) does not divide \(height)×\(width)")
        let patches = (height / patchSize) * (width / patchSize)
        guard mode != .none else {
            return Draw(rate: 0, dropout: 0, chosen: [Bool](repeating: false, count: patches), keep: [])
        }
        let rate = Self.roundedToHundredths(Double.random(in: noiseRate, using: &generator))
        let p = Self.roundedToHundredths(Double.random(in: dropoutRate, using: &generator))
        let chosen = (0..<patches).map { _ in Double.random(in: 0..<1, using: &generator) < rate }
        let perPatch = mode == .channelIndependent ? channels : patchSize * patchSize
        var keep = [Bool](repeating: true, count: batch * patches * perPatch)
        for n in 0..<batch {
            for patch in 0..<patches where chosen[patch] {
                for k in 0..<perPatch {
                    keep[(n * patches + patch) * perPatch + k] = Double.random(in: 0..<1, using: &generator) >= p
                }
            }
        }
        return Draw(rate: rate, dropout: p, chosen: chosen, keep: keep)
    }

    /// Applies `draw` to `frames` (NCHW) in place.
    public func apply(_ draw: Draw, to frames: inout [Float], batch: Int, channels: Int, height: Int, width: Int) {
        precondition(frames.count == batch * channels * height * width, "PatchNoise: buffer size does not match shape")
        let rows = height / patchSize, cols = width / patchSize, patches = rows * cols
        precondition(draw.chosen.count == patches, "PatchNoise: draw has \(draw.chosen.count) patches, grid \(patches)")
        guard mode != .none else { return }
        let perPatch = mode == .channelIndependent ? channels : patchSize * patchSize
        precondition(draw.keep.count == batch * patches * perPatch, "PatchNoise: draw's keep mask does not match shape")
        let keepScale = 1 / Float(1 - draw.dropout)
        let plane = height * width
        for patch in 0..<patches where draw.chosen[patch] {
            let top = (patch / cols) * patchSize, left = (patch % cols) * patchSize
            for n in 0..<batch {
                let keepBase = (n * patches + patch) * perPatch
                switch mode {
                case .channelIndependent:
                    for c in 0..<channels {
                        let survives = draw.keep[keepBase + c]
                        let base = (n * channels + c) * plane
                        for y in top..<(top + patchSize) {
                            for x in left..<(left + patchSize) {
                                frames[base + y * width + x] = survives ? frames[base + y * width + x] * keepScale : 0
                            }
                        }
                    }
                case .channelDependent:
                    for dy in 0..<patchSize {
                        for dx in 0..<patchSize where !draw.keep[keepBase + dy * patchSize + dx] {
                            for c in 0..<channels {
                                frames[(n * channels + c) * plane + (top + dy) * width + left + dx] = 0
                            }
                        }
                    }
                case .none:
                    break
                }
            }
        }
    }

    /// Draws and applies the noise to `frames` in place; returns the draw.
    @discardableResult
    public func apply<G: RandomNumberGenerator>(to frames: inout [Float], batch: Int, channels: Int, height: Int,
                                                 width: Int, using generator: inout G) -> Draw {
        let drawn = draw(batch: batch, channels: channels, height: height, width: width, using: &generator)
        apply(drawn, to: &frames, batch: batch, channels: channels, height: height, width: width)
        return drawn
    }

    /// `x` rounded to 2 decimals (Python's `round(x, 2)` for these values).
    static func roundedToHundredths(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}
