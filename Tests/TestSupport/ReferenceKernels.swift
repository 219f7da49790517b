import Foundation
import TensorCore

/// Deterministic test data and naive reference implementations (direct loops) to check the fast kernels.
public enum Reference {
    /// `sin(a·i + b)` for i = 0, 1, … in row-major order: the inputs of the PyTorch reference snippets
    /// (`torch.tensor([math.sin(a*i+b) for i in range(n)]).reshape(shape)`).
    public static func sineTensor(_ shape: [Int], _ a: Double, _ b: Double) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { Float(Foundation.sin(a * Double($0) + b)) })
    }

    /// Naive direct convolution (cross-correlation) with zero padding, in Double.
    public static func conv2d(_ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int) -> Tensor {
        let (n, c, h, wd) = x.nchw
        let o = w.shape[0], kh = w.shape[2], kw = w.shape[3]
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
        var out = [Float](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for oc in 0..<o { for i in 0..<oh { for j in 0..<ow {
            var s = Double(bias?.scalars[oc] ?? 0)
            for ic in 0..<c { for u in 0..<kh { for v in 0..<kw {
                let y = i * stride - padding + u, xx = j * stride - padding + v
                if y >= 0 && y < h && xx >= 0 && xx < wd { s += Double(x[b, ic, y, xx]) * Double(w[oc, ic, u, v]) }
            } } }
            out[((b * o + oc) * oh + i) * ow + j] = Float(s)
        } } } }
        return Tensor(shape: [n, o, oh, ow], scalars: out)
    }

    /// Naive transposed convolution (scatter form), weight `[in, out, kh, kw]`, in Double.
    public static func convTranspose2d(_ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int) -> Tensor {
        let (n, c, h, wd) = x.nchw
        let o = w.shape[1], kh = w.shape[2], kw = w.shape[3]
        let oh = (h - 1) * stride - 2 * padding + kh, ow = (wd - 1) * stride - 2 * padding + kw
        var out = [Double](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for ic in 0..<c { for i in 0..<h { for j in 0..<wd { for oc in 0..<o { for u in 0..<kh { for v in 0..<kw {
            let y = i * stride - padding + u, xx = j * stride - padding + v
            if y >= 0 && y < oh && xx >= 0 && xx < ow {
                out[((b * o + oc) * oh + y) * ow + xx] += Double(x[b, ic, i, j]) * Double(w[ic, oc, u, v])
            }
        } } } } } } }
        if let bias { for b in 0..<n { for oc in 0..<o { for k in 0..<(oh * ow) { out[(b * o + oc) * oh * ow + k] += Double(bias.scalars[oc]) } } } }
        return Tensor(shape: [n, o, oh, ow], scalars: out.map(Float.init))
    }

    /// The largest absolute elementwise difference of two equally shaped tensors.
    public static func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.shape == b.shape, "maxDifference: shapes \(a.shape) and \(b.shape)")
        return zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    /// Asserts-free comparison of values with literals: the largest `|a[i] − expected[i]|` over the given prefix.
    public static func maxDifference(_ a: Tensor, prefix expected: [Float]) -> Float {
        zip(a.scalars.prefix(expected.count), expected).map { Swift.abs($0 - $1) }.max() ?? 0
    }
}
