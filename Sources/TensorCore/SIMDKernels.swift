/// Branch-free vector loops for the memory-bound elementwise kernels (ReLU masks are data-dependent, and the
/// scalar loops compiled to mispredicted branches).
enum SIMDKernels {
    typealias Vector = SIMD8<Float>

    @inline(__always) static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    @inline(__always) static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Vector.self)
    }

    /// `y[i] = max(x[i], 0)` for i in `range`.
    @inline(__always) static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let v = load(x, i)
            store(v.replacing(with: 0, where: v .< 0), y, i)
            i += 8
        }
        while i < range.upperBound { y[i] = x[i] > 0 ? x[i] : 0; i += 1 }
    }

    /// `d[i] = y[i] > 0 ? g[i] : 0` for i in `range`.
    @inline(__always) static func reluMask(_ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            store(load(g, i).replacing(with: 0, where: load(y, i) .<= 0), d, i)
            i += 8
        }
        while i < range.upperBound { d[i] = y[i] > 0 ? g[i] : 0; i += 1 }
    }

    /// `y[i] = x[i]·scale + shift`, optionally clamped at 0, for i in `0..<count`.
    @inline(__always) static func affine(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int,
                                         scale: Float, shift: Float, relu: Bool) {
        var i = 0
        let s = Vector(repeating: scale), t = Vector(repeating: shift)
        if relu {
            while i + 8 <= count {
                let v = load(x, i) * s + t
                store(v.replacing(with: 0, where: v .< 0), y, i)
                i += 8
            }
            while i < count { let v = x[i] * scale + shift; y[i] = v > 0 ? v : 0; i += 1 }
        } else {
            while i + 8 <= count { store(load(x, i) * s + t, y, i); i += 8 }
            while i < count { y[i] = x[i] * scale + shift; i += 1 }
        }
    }

    /// `Σ x[i]` over `0..<count` (eight partial sums).
    @inline(__always) static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = Vector(repeating: 0), i = 0
        while i + 8 <= count { acc += load(x, i); i += 8 }
        var s = acc.sum()
        while i < count { s += x[i]; i += 1 }
        return s
    }

    /// `Σ (x[i] − mean)²` over `0..<count`.
    @inline(__always) static func sumOfSquaredDeviations(_ x: UnsafePointer<Float>, _ count: Int, mean: Float) -> Float {
        var acc = Vector(repeating: 0), i = 0
        let m = Vector(repeating: mean)
        while i + 8 <= count { let d = load(x, i) - m; acc += d * d; i += 8 }
        var s = acc.sum()
        while i < count { let d = x[i] - mean; s += d * d; i += 1 }
        return s
    }

    /// `(Σ g[i], Σ g[i]·(x[i] − mean))` over `0..<count`, where with a `mask` (a ReLU's output y) g[i] counts only
    /// where `mask[i] > 0` (the gradient through the ReLU), as if `reluMask` had been applied first.
    @inline(__always) static func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int,
                                               mean: Float, mask: UnsafePointer<Float>? = nil) -> (Float, Float) {
        var a = Vector(repeating: 0), b = Vector(repeating: 0), i = 0
        let m = Vector(repeating: mean)
        if let mask {
            while i + 8 <= count {
                let gv = load(g, i).replacing(with: 0, where: load(mask, i) .<= 0)
                a += gv; b += gv * (load(x, i) - m); i += 8
            }
        } else {
            while i + 8 <= count { let gv = load(g, i); a += gv; b += gv * (load(x, i) - m); i += 8 }
        }
        var s = a.sum(), t = b.sum()
        while i < count {
            let gi = mask.map { $0[i] > 0 ? g[i] : 0 } ?? g[i]
            s += gi; t += gi * (x[i] - mean); i += 1
        }
        return (s, t)
    }

    /// The input gradient of training-mode batch normalisation over one plane:
    /// `d[i] = scale · (g[i] − meanGradient − (x[i] − mean) · inverseStd · meanGradientTimesNormalized)`, with g[i]
    /// taken as 0 where `mask[i] ≤ 0` when a mask (a fused ReLU's output) is given.
    @inline(__always) static func batchNormInputGradient(
        _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ count: Int,
        mask: UnsafePointer<Float>?, scale: Float, meanGradient: Float, mean: Float, inverseStd: Float,
        meanGradientTimesNormalized: Float
    ) {
        let k = Vector(repeating: scale), mg = Vector(repeating: meanGradient), mu = Vector(repeating: mean)
        let istd = Vector(repeating: inverseStd), mgx = Vector(repeating: meanGradientTimesNormalized)
        var i = 0
        while i + 8 <= count {
            var gv = load(g, i)
            if let mask { gv.replace(with: 0, where: load(mask, i) .<= 0) }
            store(k * (gv - mg - (load(x, i) - mu) * istd * mgx), d, i)
            i += 8
        }
        while i < count {
            let gi = mask.map { $0[i] > 0 ? g[i] : 0 } ?? g[i]
            d[i] = scale * (gi - meanGradient - (x[i] - mean) * inverseStd * meanGradientTimesNormalized)
            i += 1
        }
    }

    /// `d[i] = scale · g[i]` over `0..<count`, with g[i] taken as 0 where `mask[i] ≤ 0` when a mask is given.
    @inline(__always) static func scaled(_ g: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ count: Int,
                                         mask: UnsafePointer<Float>?, scale: Float) {
        let k = Vector(repeating: scale)
        var i = 0
        while i + 8 <= count {
            var gv = load(g, i)
            if let mask { gv.replace(with: 0, where: load(mask, i) .<= 0) }
            store(k * gv, d, i)
            i += 8
        }
        while i < count {
            let gi = mask.map { $0[i] > 0 ? g[i] : 0 } ?? g[i]
            d[i] = scale * gi
            i += 1
        }
    }
}
