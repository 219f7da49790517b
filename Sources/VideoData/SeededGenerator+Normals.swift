import Foundation

extension SeededGenerator {
    /// Writes the next `count` standard normal samples to `out`: exactly the values (and generator state) of `count`
    /// successive `normal()` calls, computed in passes (all uniforms in draw order, then `−2 ln u₁`, its square roots,
    /// `cos 2πu₂`, and the products), so that the libm calls and square roots of different samples overlap instead of
    /// waiting on each other. Each value is `√(−2 ln max(10⁻¹², u₁)) · cos(2π u₂)` with the same operations in the
    /// same order as `normal()`, so the bits are the same.
    public mutating func normals(_ count: Int, into out: UnsafeMutablePointer<Double>) {
        guard count > 0 else { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { angles in
            for i in 0..<count {
                out[i] = max(1e-12, uniform(0, 1))
                angles[i] = uniform(0, 1)
            }
            for i in 0..<count { out[i] = -2 * log(out[i]) }
            for i in 0..<count { out[i] = out[i].squareRoot() }
            for i in 0..<count { angles[i] = cos(2 * Double.pi * angles[i]) }
            for i in 0..<count { out[i] = out[i] * angles[i] }
        }
    }
}
