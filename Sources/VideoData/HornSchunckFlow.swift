/// Dense optical flow by coarse-to-fine Horn–Schunck with warping: the classical method this project uses
/// where no flow files are supplied (the paper used a pretrained FlowNet2-SD, which cannot be had here).
///
/// At each pyramid level (factor 2, coarsest side ≥ 8 px) the second image is warped by the current flow and
/// the linearised brightness constancy `Ix du + Iy dv + It = 0` is solved with the smoothness weight α² by
/// Jacobi iterations: `u = ū − Ix (Ix ū' + Iy v̄' + It) / (α² + Ix² + Iy²)` where ū' = ū − u₀ is the increment
/// (likewise v). Images are grey in [0, 1] (colour is converted to luma) and slightly blurred first.
public struct HornSchunckFlow: Sendable {
    /// Smoothness weight α (intensities in [0, 1]).
    public var alpha: Float
    /// Jacobi iterations per warp.
    public var iterations: Int
    /// Warps per pyramid level.
    public var warps: Int

    /// Creates the estimator. The defaults were chosen on the synthetic families' exact flow (grid α ∈ {0.005 …
    /// 0.3}, iterations {30, 100, 300}, warps {1, 2, 3}); more warps amplified noise on these small frames.
    public init(alpha: Float = 0.15, iterations: Int = 100, warps: Int = 1) {
        self.alpha = alpha; self.iterations = iterations; self.warps = warps
    }

    /// Flow from `first` to `second` (same size), in pixels of their resolution.
    public func flow(from first: RasterImage, to second: RasterImage) -> FlowField {
        precondition(first.width == second.width && first.height == second.height, "HornSchunckFlow: frame sizes differ")
        let a = Self.blur(Self.grey(first), first.width, first.height)
        let b = Self.blur(Self.grey(second), second.width, second.height)
        var pyramid: [([Float], [Float], Int, Int)] = [(a, b, first.width, first.height)]
        while let last = pyramid.last, last.2 >= 16, last.3 >= 16 {
            let w = last.2 / 2, h = last.3 / 2
            pyramid.append((Self.half(last.0, last.2, last.3), Self.half(last.1, last.2, last.3), w, h))
        }
        var u = [Float](repeating: 0, count: pyramid.last!.2 * pyramid.last!.3)
        var v = u
        var (cw, ch) = (pyramid.last!.2, pyramid.last!.3)
        for level in pyramid.reversed() {
            let (i1, i2, w, h) = level
            if w != cw || h != ch {
                let up = ImageResampler.resize(values: Self.interleave(u, v), width: cw, height: ch, channels: 2, newWidth: w, newHeight: h)
                u = (0..<(w * h)).map { up[2 * $0] * Float(w) / Float(cw) }
                v = (0..<(w * h)).map { up[2 * $0 + 1] * Float(h) / Float(ch) }
                cw = w; ch = h
            }
            for _ in 0..<warps { refine(i1, i2, w, h, &u, &v) }
        }
        return FlowField(width: first.width, height: first.height, uv: Self.interleave(u, v))
    }

    func refine(_ i1: [Float], _ i2: [Float], _ w: Int, _ h: Int, _ u: inout [Float], _ v: inout [Float]) {
        let n = w * h
        var warped = [Float](repeating: 0, count: n), ix = warped, iy = warped, it = warped
        func sample(_ img: [Float], _ x: Float, _ y: Float) -> Float {
            let cx = max(0, min(Float(w - 1), x)), cy = max(0, min(Float(h - 1), y))
            let x0 = Int(cx), y0 = Int(cy), x1 = min(w - 1, x0 + 1), y1 = min(h - 1, y0 + 1)
            let fx = cx - Float(x0), fy = cy - Float(y0)
            return (1 - fy) * ((1 - fx) * img[y0 * w + x0] + fx * img[y0 * w + x1]) + fy * ((1 - fx) * img[y1 * w + x0] + fx * img[y1 * w + x1])
        }
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                let px = Float(x) + u[i], py = Float(y) + v[i]
                warped[i] = sample(i2, px, py)
                // Gradients: average of the first image's and the warped second image's central differences.
                let g2x = 0.5 * (sample(i2, px + 1, py) - sample(i2, px - 1, py))
                let g2y = 0.5 * (sample(i2, px, py + 1) - sample(i2, px, py - 1))
                let xl = max(0, x - 1), xr = min(w - 1, x + 1), yu = max(0, y - 1), yd = min(h - 1, y + 1)
                let g1x = (i1[y * w + xr] - i1[y * w + xl]) / Float(max(1, xr - xl))
                let g1y = (i1[yd * w + x] - i1[yu * w + x]) / Float(max(1, yd - yu))
                ix[i] = 0.5 * (g1x + g2x); iy[i] = 0.5 * (g1y + g2y)
                it[i] = warped[i] - i1[i]
            }
        }
        let u0 = u, v0 = v
        var du = [Float](repeating: 0, count: n), dv = du
        let a2 = alpha * alpha
        for _ in 0..<iterations {
            var nu = du, nv = dv
            for y in 0..<h {
                for x in 0..<w {
                    let i = y * w + x
                    let xl = max(0, x - 1), xr = min(w - 1, x + 1), yu = max(0, y - 1), yd = min(h - 1, y + 1)
                    // Smoothness acts on the total flow u0 + du.
                    let avgU = 0.25 * (u0[y * w + xl] + du[y * w + xl] + u0[y * w + xr] + du[y * w + xr] + u0[yu * w + x] + du[yu * w + x] + u0[yd * w + x] + du[yd * w + x]) - u0[i]
                    let avgV = 0.25 * (v0[y * w + xl] + dv[y * w + xl] + v0[y * w + xr] + dv[y * w + xr] + v0[yu * w + x] + dv[yu * w + x] + v0[yd * w + x] + dv[yd * w + x]) - v0[i]
                    let t = (ix[i] * avgU + iy[i] * avgV + it[i]) / (a2 + ix[i] * ix[i] + iy[i] * iy[i])
                    nu[i] = avgU - ix[i] * t
                    nv[i] = avgV - iy[i] * t
                }
            }
            du = nu; dv = nv
        }
        for i in 0..<n { u[i] = u0[i] + du[i]; v[i] = v0[i] + dv[i] }
    }

    static func grey(_ image: RasterImage) -> [Float] {
        let g = image.converted(toChannels: 1)
        return g.pixels.map { Float($0) / 255 }
    }

    static func interleave(_ u: [Float], _ v: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * u.count)
        for i in 0..<u.count { out[2 * i] = u[i]; out[2 * i + 1] = v[i] }
        return out
    }

    /// 3×3 binomial blur with clamped borders.
    static func blur(_ img: [Float], _ w: Int, _ h: Int) -> [Float] {
        var tmp = img, out = img
        for y in 0..<h { for x in 0..<w {
            tmp[y * w + x] = 0.25 * img[y * w + max(0, x - 1)] + 0.5 * img[y * w + x] + 0.25 * img[y * w + min(w - 1, x + 1)]
        } }
        for y in 0..<h { for x in 0..<w {
            out[y * w + x] = 0.25 * tmp[max(0, y - 1) * w + x] + 0.5 * tmp[y * w + x] + 0.25 * tmp[min(h - 1, y + 1) * w + x]
        } }
        return out
    }

    /// Blur and subsample by 2.
    static func half(_ img: [Float], _ w: Int, _ h: Int) -> [Float] {
        let b = blur(img, w, h)
        let hw = w / 2, hh = h / 2
        var out = [Float](repeating: 0, count: hw * hh)
        for y in 0..<hh { for x in 0..<hw {
            out[y * hw + x] = 0.25 * (b[2 * y * w + 2 * x] + b[2 * y * w + min(w - 1, 2 * x + 1)] + b[min(h - 1, 2 * y + 1) * w + 2 * x] + b[min(h - 1, 2 * y + 1) * w + min(w - 1, 2 * x + 1)])
        } }
        return out
    }
}
