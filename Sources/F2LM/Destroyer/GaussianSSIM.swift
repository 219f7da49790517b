import Foundation

/// Structural similarity (Wang et al. 2004) with a Gaussian window and no padding ("valid" filtering), the
/// measure the Destroyer's patch difficulty `diff_p` is built on.
///
/// For images x, y with dynamic range L and a normalised Gaussian window w:
/// `μx = w∗x`, `σx² = w∗x² − μx²`, `σxy = w∗(xy) − μx μy`,
/// `SSIM = mean over positions and channels of ((2 μx μy + C1)(2 σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2))`,
/// with `C1 = (0.01 L)²`, `C2 = (0.03 L)²`.
///
/// The window has `min(windowSize, height, width)` taps per side. `window` decides how it is built when it is
/// smaller than `windowSize`:
/// - `.authors` (the authors' `create_window`): σ stays at `sigma` and the Gaussian is centred at tap `size / 2`
///   (integer division), so an even window is off-centre (4 taps: 0.1365, 0.2658, 0.3319, 0.2658);
/// - `.scaled` (this project's earlier choice): σ shrinks in proportion (`σ · size / windowSize`) and the
///   Gaussian is centred at `(size − 1) / 2`.
/// At the full size (11 taps) both give the same window.
public struct GaussianSSIM: Sendable {
    /// How a window smaller than `windowSize` is built.
    public enum Window: String, Sendable {
        /// σ fixed, centre at tap `size / 2` (the authors' code).
        case authors
        /// σ scaled with the window, centre at `(size − 1) / 2`.
        case scaled
    }

    /// Side of the square window at full size.
    public let windowSize: Int
    /// Standard deviation of the Gaussian at full size, in pixels.
    public let sigma: Double
    /// How a smaller window is built.
    public let window: Window

    /// Creates the measure; the paper's (and the authors' code's) choice is 11×11, σ = 1.5.
    public init(windowSize: Int = 11, sigma: Double = 1.5, window: Window = .authors) {
        precondition(windowSize >= 1 && sigma > 0, "GaussianSSIM: window size must be ≥ 1 and σ > 0")
        self.windowSize = windowSize
        self.sigma = sigma
        self.window = window
    }

    /// The 1-D normalised Gaussian used for a window of `size` taps (separable: the 2-D window is its outer product).
    public func kernel(size: Int) -> [Double] {
        let s: Double, centre: Double
        switch window {
        case .authors:
            s = sigma
            centre = Double(size / 2)
        case .scaled:
            s = sigma * Double(size) / Double(windowSize)
            centre = Double(size - 1) / 2
        }
        var k = (0..<size).map { i in exp(-((Double(i) - centre) * (Double(i) - centre)) / (2 * s * s)) }
        let total = k.reduce(0, +)
        for i in k.indices { k[i] /= total }
        return k
    }

    /// Mean SSIM between two images stored channel-major (`channels`×`height`×`width`), dynamic range
    /// `dynamicRange` (L). `rowStride` and `channelStride` are the strides of both buffers, so a patch of a larger
    /// image can be passed in place.
    public func similarity(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, channels: Int, height: Int,
                           width: Int, rowStride: Int, channelStride: Int, dynamicRange: Double = 1) -> Double {
        let size = min(windowSize, height, width)
        let k = kernel(size: size)
        let outH = height - size + 1, outW = width - size + 1
        let c1 = (0.01 * dynamicRange) * (0.01 * dynamicRange), c2 = (0.03 * dynamicRange) * (0.03 * dynamicRange)
        // Horizontal pass buffers for the five filtered maps: x, y, x², y², xy.
        var horizontal = [Double](repeating: 0, count: 5 * height * outW)
        var total = 0.0
        for c in 0..<channels {
            let px = x + c * channelStride, py = y + c * channelStride
            for r in 0..<height {
                for j in 0..<outW {
                    var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
                    for t in 0..<size {
                        let a = Double(px[r * rowStride + j + t]), b = Double(py[r * rowStride + j + t])
                        let w = k[t]
                        sx += w * a; sy += w * b; sxx += w * a * a; syy += w * b * b; sxy += w * a * b
                    }
                    let base = r * outW + j
                    horizontal[base] = sx
                    horizontal[height * outW + base] = sy
                    horizontal[2 * height * outW + base] = sxx
                    horizontal[3 * height * outW + base] = syy
                    horizontal[4 * height * outW + base] = sxy
                }
            }
            let plane = height * outW
            for i in 0..<outH {
                for j in 0..<outW {
                    var mx = 0.0, my = 0.0, exx = 0.0, eyy = 0.0, exy = 0.0
                    for t in 0..<size {
                        let w = k[t], idx = (i + t) * outW + j
                        mx += w * horizontal[idx]
                        my += w * horizontal[plane + idx]
                        exx += w * horizontal[2 * plane + idx]
                        eyy += w * horizontal[3 * plane + idx]
                        exy += w * horizontal[4 * plane + idx]
                    }
                    let vx = exx - mx * mx, vy = eyy - my * my, cxy = exy - mx * my
                    total += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
                }
            }
        }
        return total / Double(channels * outH * outW)
    }

    /// Mean SSIM of two whole images given as arrays (`channels`×`height`×`width`) with dynamic range `dynamicRange`.
    public func similarity(_ x: [Float], _ y: [Float], channels: Int, height: Int, width: Int,
                           dynamicRange: Double = 1) -> Double {
        precondition(x.count == channels * height * width && y.count == x.count, "GaussianSSIM: size mismatch")
        return x.withUnsafeBufferPointer { bx in
            y.withUnsafeBufferPointer { by in
                similarity(bx.baseAddress!, by.baseAddress!, channels: channels, height: height, width: width,
                           rowStride: width, channelStride: height * width, dynamicRange: dynamicRange)
            }
        }
    }
}
