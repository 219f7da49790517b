import CDNNL
import Foundation

/// Builds the oneDNN operation descriptors of one ``Convolution2dShape`` and turns them into plans.
///
/// A transposed convolution maps to oneDNN's deconvolution, whose weight dims are `[outC, inC, kH, kW]`; the
/// PyTorch layout `[inC, outC, kH, kW]` is described to oneDNN with the `iohw` format tag, so no copy is needed.
///
/// Algorithm: a convolution that ``prefersWinograd(_:)`` is planned with oneDNN's Winograd algorithm first (F(4×4,
/// 3×3): about a quarter of the multiplications of a direct 3×3 convolution, slightly larger rounding error), and
/// with the direct algorithm when oneDNN refuses it. oneDNN 2.6 implements Winograd only for AVX-512 CPUs, so with
/// the ISA capped at AVX2 (portable numerics) every convolution stays direct and results do not change.
/// `F2LM_CONV_ALGORITHM=direct` in the environment, or `DNNLConvolution.allowsWinograd = false`, keeps every
/// convolution direct on any CPU.
struct DNNLConvolutionPlanner {
    let shape: Convolution2dShape
    let withBias: Bool
    /// Whether a shape that ``prefersWinograd(_:)`` may be planned with Winograd (`DNNLConvolution.allowsWinograd`).
    let allowsWinograd: Bool

    /// Shapes planned with Winograd: a 3×3, stride-1 convolution with at least 16 input and 16 output channels on
    /// an input of at least 16 × 16, or with at least 64 input and 64 output channels on any input. Measured with
    /// `f2lm-bench` at 2 threads (AVX-512): the 16-channel, 16 × 16 rule took unet-medium from 375–412 to 230–237 ms
    /// and unet-small from 54–94 to 49–52 ms (20 steps, two rounds); adding the 64-channel rule (the 8 × 8 maps of
    /// the small configurations) took f2lm-small's median from 136.8 to 126.5 ms and unet-small's from 57.6 to 54.0
    /// (15 steps, five interleaved rounds). Winograd on every shape oneDNN accepts was slower on f2lm-small: its 4-,
    /// 6- and 12-channel inputs and 1- and 3-channel outputs gain nothing from the transform.
    static func prefersWinograd(_ shape: Convolution2dShape) -> Bool {
        !shape.transposed && shape.kernelHeight == 3 && shape.kernelWidth == 3 && shape.strideHeight == 1
            && shape.strideWidth == 1 && shape.inputChannels >= 16 && shape.outputChannels >= 16
            && (shape.inputHeight >= 16 && shape.inputWidth >= 16
                || shape.inputChannels >= 64 && shape.outputChannels >= 64)
    }

    /// False when the environment sets `F2LM_CONV_ALGORITHM=direct`: the initial `DNNLConvolution.allowsWinograd`.
    static let environmentAllowsWinograd: Bool = ProcessInfo.processInfo.environment["F2LM_CONV_ALGORITHM"] != "direct"

    private var sourceDims: [Int64] {
        [shape.batch, shape.inputChannels, shape.inputHeight, shape.inputWidth].map(Int64.init)
    }
    private var destinationDims: [Int64] {
        [shape.batch, shape.outputChannels, shape.outputHeight, shape.outputWidth].map(Int64.init)
    }
    private var weightDims: [Int64] {
        [shape.outputChannels, shape.inputChannels, shape.kernelHeight, shape.kernelWidth].map(Int64.init)
    }
    private var strides: [Int64] { [Int64(shape.strideHeight), Int64(shape.strideWidth)] }
    private var paddingBegin: [Int64] { [Int64(shape.paddingTop), Int64(shape.paddingLeft)] }
    private var paddingEnd: [Int64] { [Int64(shape.paddingBottom), Int64(shape.paddingRight)] }

    /// The plan for one pass (Winograd when `shape` qualifies, the environment allows it and oneDNN accepts it, else
    /// direct), or `nil` when oneDNN refuses it.
    func makePlan(_ operation: DNNLConvolution.Operation) -> DNNLPrimitivePlan? {
        if allowsWinograd, Self.prefersWinograd(shape),
            let plan = makePlan(operation, algorithm: dnnl_convolution_winograd) {
            return plan
        }
        return makePlan(operation, algorithm: dnnl_convolution_direct)
    }

    private func makePlan(_ operation: DNNLConvolution.Operation, algorithm: dnnl_alg_kind_t) -> DNNLPrimitivePlan? {
        guard let source = Self.descriptor(sourceDims, dnnl_nchw),
            let destination = Self.descriptor(destinationDims, dnnl_nchw),
            let weight = Self.descriptor(weightDims, shape.transposed ? dnnl_iohw : dnnl_oihw),
            let bias = Self.descriptor([Int64(shape.outputChannels)], dnnl_a),
            var anySource = Self.descriptor(sourceDims, dnnl_format_tag_any),
            var anyDestination = Self.descriptor(destinationDims, dnnl_format_tag_any),
            var anyWeight = Self.descriptor(weightDims, dnnl_format_tag_any)
        else { return nil }

        switch operation {
        case .forward:
            var requests = [
                DNNLOperandRequest(
                    argument: DNNL_ARG_SRC, query: dnnl_query_src_md, userDescriptor: source, isOutput: false),
                DNNLOperandRequest(
                    argument: DNNL_ARG_WEIGHTS, query: dnnl_query_weights_md, userDescriptor: weight,
                    isOutput: false),
            ]
            if withBias {
                requests.append(
                    DNNLOperandRequest(
                        argument: DNNL_ARG_BIAS, query: dnnl_query_weights_md, queryIndex: 1,
                        userDescriptor: bias, isOutput: false))
            }
            requests.append(
                DNNLOperandRequest(
                    argument: DNNL_ARG_DST, query: dnnl_query_dst_md, userDescriptor: destination, isOutput: true))
            return withForwardDescriptor(&anySource, &anyWeight, withBias ? bias : nil, &anyDestination, algorithm) {
                DNNLPrimitivePlan.make(operationDescriptor: $0, hint: nil, operands: requests)
            }

        case .backwardData:
            let requests = [
                DNNLOperandRequest(
                    argument: DNNL_ARG_DIFF_DST, query: dnnl_query_diff_dst_md, userDescriptor: destination,
                    isOutput: false),
                DNNLOperandRequest(
                    argument: DNNL_ARG_WEIGHTS, query: dnnl_query_weights_md, userDescriptor: weight,
                    isOutput: false),
                DNNLOperandRequest(
                    argument: DNNL_ARG_DIFF_SRC, query: dnnl_query_diff_src_md, userDescriptor: source,
                    isOutput: true),
            ]
            return withHint(algorithm) { hint in
                withBackwardDataDescriptor(&anySource, &anyWeight, &anyDestination, algorithm) {
                    DNNLPrimitivePlan.make(operationDescriptor: $0, hint: hint, operands: requests)
                }
            }

        case .backwardWeights:
            var requests = [
                DNNLOperandRequest(
                    argument: DNNL_ARG_SRC, query: dnnl_query_src_md, userDescriptor: source, isOutput: false),
                DNNLOperandRequest(
                    argument: DNNL_ARG_DIFF_DST, query: dnnl_query_diff_dst_md, userDescriptor: destination,
                    isOutput: false),
                DNNLOperandRequest(
                    argument: DNNL_ARG_DIFF_WEIGHTS, query: dnnl_query_diff_weights_md, userDescriptor: weight,
                    isOutput: true),
            ]
            if withBias {
                requests.append(
                    DNNLOperandRequest(
                        argument: DNNL_ARG_DIFF_BIAS, query: dnnl_query_diff_weights_md, queryIndex: 1,
                        userDescriptor: bias, isOutput: true))
            }
            return withHint(algorithm) { hint in
                withBackwardWeightsDescriptor(&anySource, &anyWeight, withBias ? bias : nil, &anyDestination, algorithm) {
                    DNNLPrimitivePlan.make(operationDescriptor: $0, hint: hint, operands: requests)
                }
            }
        }
    }

    /// Calls `body` with a forward-training primitive descriptor (the hint oneDNN needs for backward passes).
    private func withHint(
        _ algorithm: dnnl_alg_kind_t, _ body: (const_dnnl_primitive_desc_t) -> DNNLPrimitivePlan?
    ) -> DNNLPrimitivePlan? {
        guard let engine = DNNLRuntime.engine,
            var source = Self.descriptor(sourceDims, dnnl_format_tag_any),
            var destination = Self.descriptor(destinationDims, dnnl_format_tag_any),
            var weight = Self.descriptor(weightDims, dnnl_format_tag_any),
            let bias = Self.descriptor([Int64(shape.outputChannels)], dnnl_a)
        else { return nil }
        let hint: dnnl_primitive_desc_t? = withForwardDescriptor(
            &source, &weight, withBias ? bias : nil, &destination, algorithm
        ) { operation in
            var created: dnnl_primitive_desc_t?
            guard dnnl_primitive_desc_create(&created, operation, nil, engine, nil) == dnnl_success
            else { return nil }
            return created
        }
        guard let hint else { return nil }
        defer { dnnl_primitive_desc_destroy(hint) }
        return body(hint)
    }

    private func withForwardDescriptor<Result>(
        _ source: inout dnnl_memory_desc_t, _ weight: inout dnnl_memory_desc_t,
        _ bias: dnnl_memory_desc_t?, _ destination: inout dnnl_memory_desc_t, _ algorithm: dnnl_alg_kind_t,
        _ body: (UnsafeRawPointer) -> Result?
    ) -> Result? {
        if shape.transposed {
            var operation = dnnl_deconvolution_desc_t()
            guard Self.withOptional(bias, { biasPointer in
                dnnl_deconvolution_forward_desc_init(&operation, dnnl_forward_training, dnnl_deconvolution_direct, &source, &weight,
                biasPointer, &destination, strides, paddingBegin, paddingEnd)
            }) == dnnl_success
            else { return nil }
            return withUnsafePointer(to: &operation) { body(UnsafeRawPointer($0)) }
        }
        var operation = dnnl_convolution_desc_t()
        guard Self.withOptional(bias, { biasPointer in
                dnnl_convolution_forward_desc_init(&operation, dnnl_forward_training, algorithm, &source, &weight,
            biasPointer, &destination, strides, paddingBegin, paddingEnd)
            }) == dnnl_success
        else { return nil }
        return withUnsafePointer(to: &operation) { body(UnsafeRawPointer($0)) }
    }

    private func withBackwardDataDescriptor(
        _ source: inout dnnl_memory_desc_t, _ weight: inout dnnl_memory_desc_t,
        _ destination: inout dnnl_memory_desc_t, _ algorithm: dnnl_alg_kind_t,
        _ body: (UnsafeRawPointer) -> DNNLPrimitivePlan?
    ) -> DNNLPrimitivePlan? {
        if shape.transposed {
            var operation = dnnl_deconvolution_desc_t()
            guard dnnl_deconvolution_backward_data_desc_init(
                &operation, dnnl_deconvolution_direct, &source, &weight, &destination, strides, paddingBegin,
                paddingEnd) == dnnl_success
            else { return nil }
            return withUnsafePointer(to: &operation) { body(UnsafeRawPointer($0)) }
        }
        var operation = dnnl_convolution_desc_t()
        guard dnnl_convolution_backward_data_desc_init(
            &operation, algorithm, &source, &weight, &destination, strides, paddingBegin,
            paddingEnd) == dnnl_success
        else { return nil }
        return withUnsafePointer(to: &operation) { body(UnsafeRawPointer($0)) }
    }

    private func withBackwardWeightsDescriptor(
        _ source: inout dnnl_memory_desc_t, _ weight: inout dnnl_memory_desc_t,
        _ bias: dnnl_memory_desc_t?, _ destination: inout dnnl_memory_desc_t, _ algorithm: dnnl_alg_kind_t,
        _ body: (UnsafeRawPointer) -> DNNLPrimitivePlan?
    ) -> DNNLPrimitivePlan? {
        if shape.transposed {
            var operation = dnnl_deconvolution_desc_t()
            guard Self.withOptional(bias, { biasPointer in
                dnnl_deconvolution_backward_weights_desc_init(&operation, dnnl_deconvolution_direct, &source, &weight, biasPointer, &destination, strides,
                paddingBegin, paddingEnd)
            }) == dnnl_success
            else { return nil }
            return withUnsafePointer(to: &operation) { body(UnsafeRawPointer($0)) }
        }
        var operation = dnnl_convolution_desc_t()
        guard Self.withOptional(bias, { biasPointer in
                dnnl_convolution_backward_weights_desc_init(&operation, algorithm, &source, &weight, biasPointer, &destination, strides,
            paddingBegin,
            paddingEnd)
            }) == dnnl_success
        else { return nil }
        return withUnsafePointer(to: &operation) { body(UnsafeRawPointer($0)) }
    }

    /// Calls `body` with a pointer to a copy of `descriptor`, or with `nil` when there is none.
    private static func withOptional<Result>(
        _ descriptor: dnnl_memory_desc_t?, _ body: (UnsafePointer<dnnl_memory_desc_t>?) -> Result
    ) -> Result {
        guard var descriptor else { return body(nil) }
        return withUnsafePointer(to: &descriptor) { body($0) }
    }

    /// A 4-D (or 1-D) Float32 memory descriptor with the given format tag.
    private static func descriptor(_ dims: [Int64], _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t? {
        var descriptor = dnnl_memory_desc_t()
        guard dnnl_memory_desc_init_by_tag(&descriptor, Int32(dims.count), dims, dnnl_f32, tag) == dnnl_success
        else { return nil }
        return descriptor
    }
}
