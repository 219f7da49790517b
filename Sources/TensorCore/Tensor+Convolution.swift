/// 2-D convolution and transposed convolution on NCHW tensors, differentiable, kernels from
/// `Convolution.backend` (im2col + OpenBLAS by default).
extension Tensor {
    /// Adds `bias[c]` to every element of channel `c` of an NCHW buffer.
    static func addChannelBias(_ bias: UnsafePointer<Float>, to data: UnsafeMutablePointer<Float>, batch: Int, channels: Int, plane: Int) {
        for n in 0..<batch {
            for c in 0..<channels {
                let b = bias[c], row = data + (n * channels + c) * plane
                for i in 0..<plane { row[i] += b }
            }
        }
    }

    /// Sums an NCHW gradient over batch and plane: the gradient of a per-channel bias, shape `[C]`.
    static func channelSums(_ g: Tensor) -> Tensor {
        let (n, c, h, w) = g.nchw
        let out = Tensor.zeros([c])
        let plane = h * w
        for b in 0..<n {
            for ch in 0..<c {
                let row = g.storage.pointer + (b * c + ch) * plane
                var s: Float = 0
                for i in 0..<plane { s += row[i] }
                out.storage.pointer[ch] += s
            }
        }
        return out
    }

    /// Cross-correlation as PyTorch's `F.conv2d`: input `[N, C, H, W]`, weight `[O, C, KH, KW]`, optional bias `[O]`,
    /// output `[N, O, OH, OW]`, `y[n,o,i,j] = b[o] + Σ_{c,u,v} w[o,c,u,v] · x[n, c, i·s + u − p, j·s + v − p]`
    /// (zero outside the input).
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil,
                              stride: (height: Int, width: Int) = (1, 1),
                              padding: (height: Int, width: Int) = (0, 0)) -> Tensor {
        let (n, c, h, w) = input.nchw
        precondition(weight.rank == 4 && weight.shape[1] == c,
                     "conv2d: weight \(weight.shape) ([out, in, kh, kw]) does not match input channels of \(input.shape)")
        let o = weight.shape[0]
        if let bias { precondition(bias.shape == [o], "conv2d: bias shape \(bias.shape), expected [\(o)]") }
        let geometry = ConvolutionGeometry(batch: n, inputChannels: c, outputChannels: o, inputHeight: h, inputWidth: w,
                                           kernelHeight: weight.shape[2], kernelWidth: weight.shape[3],
                                           strideHeight: stride.height, strideWidth: stride.width,
                                           paddingHeight: padding.height, paddingWidth: padding.width)
        let outShape = [n, o, geometry.outputHeight, geometry.outputWidth]
        let out = Tensor(uninitializedShape: outShape)
        let kernels = Convolution.backend
        // The backward closure will compute the weight gradient: the backend may keep its copy of the input for it
        // (released with the graph). Ops must not write an input in place while a graph holds it, so it is unchanged.
        let keptInput = Convolution.forward(kernels, geometry, input: input.storage.pointer, weight: weight.storage.pointer,
                                            output: out.storage.pointer, keepingInput: needsGraph(weight))
        FlopCounter.add(geometry.forwardFlops)
        if let bias { addChannelBias(bias.storage.pointer, to: out.storage.pointer, batch: n, channels: o, plane: outShape[2] * outShape[3]) }
        let parents = [input, weight] + (bias.map { [$0] } ?? [])
        return result(shape: outShape, storage: out.storage, parents: parents) { g in
            FlopCounter.add(geometry.forwardFlops * ((input.requiresGrad ? 1 : 0) + (weight.requiresGrad ? 1 : 0)))
            let gi = input.requiresGrad ? Tensor(uninitializedShape: input.shape) : nil
            let gw = weight.requiresGrad ? Tensor(uninitializedShape: weight.shape) : nil
            if gi != nil || gw != nil {
                Convolution.backward(kernels, geometry, input: input.storage.pointer, keptInput: keptInput,
                                     outputGradient: g.storage.pointer, weight: weight.storage.pointer,
                                     inputGradient: gi?.storage.pointer, weightGradient: gw?.storage.pointer)
            }
            if let gi { input.accumulateGradient(gi) }
            if let gw { weight.accumulateGradient(gw) }
            if let bias, bias.requiresGrad { bias.accumulateGradient(channelSums(g)) }
        }
    }

    /// Transposed convolution as PyTorch's `F.conv_transpose2d` (the adjoint of `conv2d` in its input):
    /// input `[N, C, H, W]`, weight `[C, O, KH, KW]` (PyTorch layout: input channels first), bias `[O]`,
    /// output `[N, O, (H−1)·s − 2p + KH + outputPadding, …]`.
    public static func convTranspose2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil,
                                       stride: (height: Int, width: Int) = (1, 1),
                                       padding: (height: Int, width: Int) = (0, 0),
                                       outputPadding: (height: Int, width: Int) = (0, 0)) -> Tensor {
        let (n, c, h, w) = input.nchw
        precondition(weight.rank == 4 && weight.shape[0] == c,
                     "convTranspose2d: weight \(weight.shape) ([in, out, kh, kw]) does not match input channels of \(input.shape)")
        precondition(outputPadding.height < stride.height && outputPadding.width < stride.width && outputPadding.height >= 0 && outputPadding.width >= 0,
                     "convTranspose2d: output padding must be smaller than the stride")
        let o = weight.shape[1], kh = weight.shape[2], kw = weight.shape[3]
        if let bias { precondition(bias.shape == [o], "convTranspose2d: bias shape \(bias.shape), expected [\(o)]") }
        let outH = (h - 1) * stride.height - 2 * padding.height + kh + outputPadding.height
        let outW = (w - 1) * stride.width - 2 * padding.width + kw + outputPadding.width
        precondition(outH > 0 && outW > 0, "convTranspose2d: empty output for input \(input.shape), weight \(weight.shape)")
        // The adjoint convolution maps [N, O, outH, outW] → [N, C, H, W] with weight [C, O, kh, kw].
        let geometry = ConvolutionGeometry(batch: n, inputChannels: o, outputChannels: c, inputHeight: outH, inputWidth: outW,
                                           kernelHeight: kh, kernelWidth: kw, strideHeight: stride.height, strideWidth: stride.width,
                                           paddingHeight: padding.height, paddingWidth: padding.width)
        precondition(geometry.outputHeight == h && geometry.outputWidth == w, "convTranspose2d: inconsistent geometry \(geometry)")
        let outShape = [n, o, outH, outW]
        let out = Tensor(uninitializedShape: outShape)
        let kernels = Convolution.backend
        // Forward = backward-data of the adjoint convolution; its weight gradient reads this input again as the
        // adjoint's output gradient, so the backend may keep its copy (released with the graph).
        let keptInput = Convolution.backwardData(kernels, geometry, outputGradient: input.storage.pointer,
                                                 weight: weight.storage.pointer, inputGradient: out.storage.pointer,
                                                 keepingOutputGradient: needsGraph(weight))
        FlopCounter.add(geometry.forwardFlops)
        if let bias { addChannelBias(bias.storage.pointer, to: out.storage.pointer, batch: n, channels: o, plane: outH * outW) }
        let parents = [input, weight] + (bias.map { [$0] } ?? [])
        return result(shape: outShape, storage: out.storage, parents: parents) { g in
            FlopCounter.add(geometry.forwardFlops * ((input.requiresGrad ? 1 : 0) + (weight.requiresGrad ? 1 : 0)))
            let gi = input.requiresGrad ? Tensor(uninitializedShape: input.shape) : nil
            let gw = weight.requiresGrad ? Tensor(uninitializedShape: weight.shape) : nil
            if gi != nil || gw != nil {
                Convolution.forwardAndBackwardWeights(kernels, geometry, input: g.storage.pointer, weight: weight.storage.pointer,
                                                      output: gi?.storage.pointer, outputGradient: input.storage.pointer,
                                                      keptOutputGradient: keptInput, weightGradient: gw?.storage.pointer)
            }
            if let gi { input.accumulateGradient(gi) }
            if let gw { weight.accumulateGradient(gw) }
            if let bias, bias.requiresGrad { bias.accumulateGradient(channelSums(g)) }
        }
    }
}
