/// Matrix product and the fully connected (linear) map, on OpenBLAS.
extension Tensor {
    /// The matrix product of `[m, k]` and `[k, n]` tensors: `[m, n]`.
    /// Gradients: `∂A = G · Bᵀ`, `∂B = Aᵀ · G`.
    public static func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
                     "matmul: shapes \(a.shape) and \(b.shape) do not form a matrix product")
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        let out = Tensor(uninitializedShape: [m, n])
        FlopCounter.add(2 * m * n * k * (1 + (a.requiresGrad ? 1 : 0) + (b.requiresGrad ? 1 : 0)))
        BLAS.gemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a.storage.pointer, lda: k,
                  b: b.storage.pointer, ldb: n, c: out.storage.pointer, ldc: n)
        return result(shape: [m, n], storage: out.storage, parents: [a, b]) { g in
            if a.requiresGrad {
                let ga = Tensor(uninitializedShape: [m, k])
                BLAS.gemm(transposeA: false, transposeB: true, m: m, n: k, k: n, a: g.storage.pointer, lda: n,
                          b: b.storage.pointer, ldb: n, c: ga.storage.pointer, ldc: k)
                a.accumulateGradient(ga)
            }
            if b.requiresGrad {
                let gb = Tensor(uninitializedShape: [k, n])
                BLAS.gemm(transposeA: true, transposeB: false, m: k, n: n, k: m, a: a.storage.pointer, lda: k,
                          b: g.storage.pointer, ldb: n, c: gb.storage.pointer, ldc: n)
                b.accumulateGradient(gb)
            }
        }
    }

    /// The affine map of PyTorch's `nn.Linear`: input `[N, in]`, weight `[out, in]`, bias `[out]`,
    /// output `y = x · Wᵀ + b`, shape `[N, out]`.
    public static func linear(_ input: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(input.rank == 2 && weight.rank == 2 && input.shape[1] == weight.shape[1],
                     "linear: input \(input.shape) does not match weight \(weight.shape) ([out, in])")
        let n = input.shape[0], inF = input.shape[1], outF = weight.shape[0]
        if let bias { precondition(bias.shape == [outF], "linear: bias shape \(bias.shape), expected [\(outF)]") }
        let out = Tensor(uninitializedShape: [n, outF])
        FlopCounter.add(2 * n * inF * outF * (1 + (input.requiresGrad ? 1 : 0) + (weight.requiresGrad ? 1 : 0)))
        let y = out.storage.pointer
        if let bias { for r in 0..<n { (y + r * outF).update(from: bias.storage.pointer, count: outF) } }
        BLAS.gemm(transposeA: false, transposeB: true, m: n, n: outF, k: inF, a: input.storage.pointer, lda: inF,
                  b: weight.storage.pointer, ldb: inF, beta: bias == nil ? 0 : 1, c: y, ldc: outF)
        let parents = [input, weight] + (bias.map { [$0] } ?? [])
        return result(shape: [n, outF], storage: out.storage, parents: parents) { g in
            if input.requiresGrad {
                let gi = Tensor(uninitializedShape: [n, inF])
                BLAS.gemm(transposeA: false, transposeB: false, m: n, n: inF, k: outF, a: g.storage.pointer, lda: outF,
                          b: weight.storage.pointer, ldb: inF, c: gi.storage.pointer, ldc: inF)
                input.accumulateGradient(gi)
            }
            if weight.requiresGrad {
                let gw = Tensor(uninitializedShape: [outF, inF])
                BLAS.gemm(transposeA: true, transposeB: false, m: outF, n: inF, k: n, a: g.storage.pointer, lda: outF,
                          b: input.storage.pointer, ldb: inF, c: gw.storage.pointer, ldc: inF)
                weight.accumulateGradient(gw)
            }
            if let bias, bias.requiresGrad {
                let gb = Tensor.zeros([outF])
                for r in 0..<n { for j in 0..<outF { gb.storage.pointer[j] += g.storage.pointer[r * outF + j] } }
                bias.accumulateGradient(gb)
            }
        }
    }
}
