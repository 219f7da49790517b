#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The elementwise part of one AdamW update, for one parameter tensor at its step t, with the scalars of that step
/// already folded (`decay = 1 − lr·λ`, `stepSize = lr / (1 − β₁ᵗ)`, `biasCorrection2Root = √(1 − β₂ᵗ)`):
/// `p ← p·decay`; `m ← m·β₁ + (1−β₁)·g`; `v ← v·β₂ + ((1−β₂)·g)·g`;
/// `p ← p + (−stepSize) · (m / (√v / biasCorrection2Root + ε))`.
/// Each element is computed with the same operations in the same order as PyTorch's single-tensor AdamW, so the
/// results are bit-identical to it whatever the vector width.
///
/// Eight lanes at a time; on x86-64 the square root is the SSE instruction `sqrtps` (correctly rounded, as the
/// scalar one): `Float.squareRoot()` and `SIMD8<Float>.squareRoot()` compile to calls of the C library's `sqrtf`
/// per lane, which kept the loop from vectorising and made the optimiser about 18 instructions per element, 9 % of
/// a default-scale training step (callgrind).
struct AdamWElementUpdate {
    /// `1 − lr·λ`.
    let decay: Float
    /// β₁.
    let beta1: Float
    /// β₂.
    let beta2: Float
    /// ε.
    let epsilon: Float
    /// `lr / (1 − β₁ᵗ)`.
    let stepSize: Float
    /// `√(1 − β₂ᵗ)`.
    let biasCorrection2Root: Float

    /// Updates `parameters`, `firstMoments` and `secondMoments` in place at the indices of `range`, reading
    /// `gradients`. The four buffers must not overlap.
    @inline(never)
    func apply(parameters p: UnsafeMutablePointer<Float>, firstMoments m: UnsafeMutablePointer<Float>,
               secondMoments v: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, range: Range<Int>) {
        typealias V = SIMD8<Float>
        let decay = decay, b1 = beta1, b2 = beta2, c1 = 1 - beta1, c2 = 1 - beta2
        let eps = epsilon, negativeStep = -stepSize, root = biasCorrection2Root
        let vDecay = V(repeating: decay), vb1 = V(repeating: b1), vb2 = V(repeating: b2)
        let vc1 = V(repeating: c1), vc2 = V(repeating: c2)
        let vRoot = V(repeating: root), vEps = V(repeating: eps), vStep = V(repeating: negativeStep)
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let gi = UnsafeRawPointer(g + i).loadUnaligned(as: V.self)
            let mi = UnsafeRawPointer(m + i).loadUnaligned(as: V.self) * vb1 + vc1 * gi
            let vi = UnsafeRawPointer(v + i).loadUnaligned(as: V.self) * vb2 + vc2 * gi * gi
            let denominator = Self.squareRoot(vi) / vRoot + vEps
            let pi = UnsafeRawPointer(p + i).loadUnaligned(as: V.self) * vDecay + vStep * (mi / denominator)
            UnsafeMutableRawPointer(p + i).storeBytes(of: pi, as: V.self)
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
            i += 8
        }
        while i < range.upperBound {
            let gi = g[i]
            let mi = m[i] * b1 + c1 * gi
            let vi = v[i] * b2 + c2 * gi * gi
            let denominator = vi.squareRoot() / root + eps
            p[i] = p[i] * decay + negativeStep * (mi / denominator)
            m[i] = mi
            v[i] = vi
            i += 1
        }
    }

    /// Lane-wise correctly rounded square root.
    @inline(__always)
    static func squareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
        #if arch(x86_64)
        SIMD8(lowHalf: _mm_sqrt_ps(x.lowHalf), highHalf: _mm_sqrt_ps(x.highHalf))
        #else
        x.squareRoot()
        #endif
    }
}
