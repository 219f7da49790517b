/// The reference convolution kernels: im2col (all batch items at once) + OpenBLAS `sgemm`; 1×1 stride-1
/// unpadded kernels skip im2col. Column matrix layout: rows `(c, kh, kw)` (`K = C·KH·KW`), columns `(n, oh, ow)`.
public struct Im2ColConvolutionBackend: ConvolutionBackend {
    /// Creates the backend (stateless).
    public init() {}

    /// A short name for logs and benchmarks.
    public var name: String { "im2col+openblas" }

    /// See `ConvolutionBackend`.
    public func forward(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>) -> Bool {
        let p = g.outputHeight * g.outputWidth, o = g.outputChannels
        let k = g.inputChannels * g.kernelHeight * g.kernelWidth
        if g.isPointwise {
            for n in 0..<g.batch {
                BLAS.gemm(transposeA: false, transposeB: false, m: o, n: p, k: k, a: weight, lda: k,
                          b: input + n * k * p, ldb: p, c: output + n * o * p, ldc: p)
            }
            return true
        }
        let np = g.batch * p
        let columns = TensorStorage(count: k * np)
        Im2ColConvolutionBackend.im2col(g, input: input, columns: columns.pointer)
        if g.batch == 1 {
            BLAS.gemm(transposeA: false, transposeB: false, m: o, n: p, k: k, a: weight, lda: k,
                      b: columns.pointer, ldb: np, c: output, ldc: p)
        } else if p >= 512 {
            for n in 0..<g.batch {
                BLAS.gemm(transposeA: false, transposeB: false, m: o, n: p, k: k, a: weight, lda: k,
                          b: columns.pointer + n * p, ldb: np, c: output + n * o * p, ldc: p)
            }
        } else {
            // Small planes: one GEMM over the whole batch, then reorder [O, N·P] → [N, O, P].
            let product = TensorStorage(count: o * np)
            BLAS.gemm(transposeA: false, transposeB: false, m: o, n: np, k: k, a: weight, lda: k,
                      b: columns.pointer, ldb: np, c: product.pointer, ldc: np)
            for n in 0..<g.batch {
                for oc in 0..<o {
                    (output + (n * o + oc) * p).update(from: product.pointer + oc * np + n * p, count: p)
                }
            }
        }
        return true
    }

    /// See `ConvolutionBackend`.
    public func backwardData(_ g: ConvolutionGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                             inputGradient: UnsafeMutablePointer<Float>) -> Bool {
        let p = g.outputHeight * g.outputWidth, o = g.outputChannels
        let k = g.inputChannels * g.kernelHeight * g.kernelWidth
        if g.isPointwise {
            for n in 0..<g.batch {
                BLAS.gemm(transposeA: true, transposeB: false, m: k, n: p, k: o, a: weight, lda: k,
                          b: outputGradient + n * o * p, ldb: p, c: inputGradient + n * k * p, ldc: p)
            }
            return true
        }
        let np = g.batch * p
        let columns = TensorStorage(count: k * np)
        for n in 0..<g.batch {
            BLAS.gemm(transposeA: true, transposeB: false, m: k, n: p, k: o, a: weight, lda: k,
                      b: outputGradient + n * o * p, ldb: p, c: columns.pointer + n * p, ldc: np)
        }
        Im2ColConvolutionBackend.col2im(g, columns: columns.pointer, input: inputGradient)
        return true
    }

    /// See `ConvolutionBackend`.
    public func backwardWeights(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                                weightGradient: UnsafeMutablePointer<Float>) -> Bool {
        let p = g.outputHeight * g.outputWidth, o = g.outputChannels
        let k = g.inputChannels * g.kernelHeight * g.kernelWidth
        if g.isPointwise {
            for n in 0..<g.batch {
                BLAS.gemm(transposeA: false, transposeB: true, m: o, n: k, k: p, a: outputGradient + n * o * p, lda: p,
                          b: input + n * k * p, ldb: p, beta: n == 0 ? 0 : 1, c: weightGradient, ldc: k)
            }
            return true
        }
        let np = g.batch * p
        let columns = TensorStorage(count: k * np)
        Im2ColConvolutionBackend.im2col(g, input: input, columns: columns.pointer)
        for n in 0..<g.batch {
            BLAS.gemm(transposeA: false, transposeB: true, m: o, n: k, k: p, a: outputGradient + n * o * p, lda: p,
                      b: columns.pointer + n * p, ldb: np, beta: n == 0 ? 0 : 1, c: weightGradient, ldc: k)
        }
        return true
    }

    /// The range of output columns `ow` whose input column `ow·s − pad + offset` lies in `0..<extent`.
    @inline(__always)
    static func validRange(outputExtent: Int, inputExtent: Int, stride: Int, padding: Int, offset: Int) -> Range<Int> {
        // ow·s ≥ pad − offset  and  ow·s ≤ extent − 1 + pad − offset
        let lowNumerator = padding - offset
        let low = lowNumerator <= 0 ? 0 : (lowNumerator + stride - 1) / stride
        let highNumerator = inputExtent - 1 + padding - offset
        let high = highNumerator < 0 ? -1 : highNumerator / stride
        let lo = min(max(low, 0), outputExtent), hi = min(max(high + 1, lo), outputExtent)
        return lo..<hi
    }

    /// Fills the `[K, N·P]` column matrix from an NCHW input (zeros where the kernel overlaps the padding).
    static func im2col(_ g: ConvolutionGeometry, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        let oh = g.outputHeight, ow = g.outputWidth, p = oh * ow, np = g.batch * p
        let h = g.inputHeight, w = g.inputWidth, c = g.inputChannels
        let kh = g.kernelHeight, kw = g.kernelWidth, sh = g.strideHeight, sw = g.strideWidth
        let ph = g.paddingHeight, pw = g.paddingWidth
        Parallel.forEachChunk(c * kh * kw, minimumChunk: 4) { rows in
            for row in rows {
                let ch = row / (kh * kw), ky = (row / kw) % kh, kx = row % kw
                let valid = validRange(outputExtent: ow, inputExtent: w, stride: sw, padding: pw, offset: kx)
                let rowBase = columns + row * np
                for n in 0..<g.batch {
                    let plane = input + (n * c + ch) * h * w
                    for y in 0..<oh {
                        let dst = rowBase + n * p + y * ow
                        let iy = y * sh - ph + ky
                        if iy < 0 || iy >= h || valid.isEmpty { dst.initialize(repeating: 0, count: ow); continue }
                        let src = plane + iy * w - pw + kx
                        if valid.lowerBound > 0 { dst.initialize(repeating: 0, count: valid.lowerBound) }
                        if sw == 1 {
                            (dst + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
                        } else {
                            for x in valid { dst[x] = src[x * sw] }
                        }
                        if valid.upperBound < ow { (dst + valid.upperBound).initialize(repeating: 0, count: ow - valid.upperBound) }
                    }
                }
            }
        }
    }

    /// Overwrites the NCHW `input` buffer with the sum of the column matrix entries that im2col took from
    /// each position (the adjoint of `im2col`).
    static func col2im(_ g: ConvolutionGeometry, columns: UnsafePointer<Float>, input: UnsafeMutablePointer<Float>) {
        let oh = g.outputHeight, ow = g.outputWidth, p = oh * ow, np = g.batch * p
        let h = g.inputHeight, w = g.inputWidth, c = g.inputChannels
        let kh = g.kernelHeight, kw = g.kernelWidth, sh = g.strideHeight, sw = g.strideWidth
        let ph = g.paddingHeight, pw = g.paddingWidth
        Parallel.forEachChunk(c, minimumChunk: 1) { channels in
            for ch in channels {
                for n in 0..<g.batch { (input + (n * c + ch) * h * w).initialize(repeating: 0, count: h * w) }
                for ky in 0..<kh {
                    for kx in 0..<kw {
                        let row = (ch * kh + ky) * kw + kx
                        let valid = validRange(outputExtent: ow, inputExtent: w, stride: sw, padding: pw, offset: kx)
                        if valid.isEmpty { continue }
                        let rowBase = columns + row * np
                        for n in 0..<g.batch {
                            let plane = input + (n * c + ch) * h * w
                            for y in 0..<oh {
                                let iy = y * sh - ph + ky
                                if iy < 0 || iy >= h { continue }
                                let src = rowBase + n * p + y * ow
                                let dst = plane + iy * w - pw + kx
                                if sw == 1 {
                                    for x in valid { dst[x] += src[x] }
                                } else {
                                    for x in valid { dst[x * sw] += src[x] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
