import CDNNL

/// Convolution passes that share their plain→blocked reorders (see ``DNNLBlockedCopy``): a training step reads the
/// same data in the same blocked layout in two passes — the output gradient in backward-data and backward-weights,
/// the forward's input in backward-weights — and these calls reorder it once.
///
/// Each computes bit for bit what the corresponding calls of ``DNNLConvolution/forward(_:input:weight:bias:output:)``,
/// ``DNNLConvolution/backwardData(_:outputGradient:weight:inputGradient:)`` and
/// ``DNNLConvolution/backwardWeights(_:input:outputGradient:weightGradient:biasGradient:)`` compute (same cached
/// primitives; a reorder is an exact copy). A copy is shared only when both primitives chose the same layout for
/// it; otherwise the call reorders as those functions do. Same thread safety as they have: every kept copy is owned
/// by the caller, never a workspace buffer that another call overwrites.
extension DNNLConvolution {
    /// ``forward(_:input:weight:bias:output:)`` that can also return the input in the forward primitive's blocked
    /// layout (when `keepingBlockedInput` and the primitive reorders the input and the memory budget allows),
    /// for a later ``backward(_:input:blockedInput:outputGradient:weight:inputGradient:weightGradient:biasGradient:)``.
    /// `succeeded` is `false` (nothing written) when the shape is refused.
    public static func forward(
        _ shape: Convolution2dShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, keepingBlockedInput: Bool
    ) -> (succeeded: Bool, blockedInput: DNNLBlockedCopy?) {
        guard let plan = plan(shape, .forward, withBias: bias != nil) else { return (false, nil) }
        var buffers = [UnsafeMutableRawPointer(mutating: input), UnsafeMutableRawPointer(mutating: weight)]
        if let bias { buffers.append(UnsafeMutableRawPointer(mutating: bias)) }
        buffers.append(UnsafeMutableRawPointer(output))
        guard let kept = plan.execute(buffers, supplying: [], keeping: keepingBlockedInput ? [0] : []) else {
            return (false, nil)
        }
        return (true, kept.first ?? nil)
    }

    /// ``backwardData(_:outputGradient:weight:inputGradient:)`` that can also return the output gradient in the
    /// backward-data primitive's blocked layout (the forward pass of a transposed convolution written as the adjoint
    /// of a convolution keeps its input this way, for
    /// ``forwardAndBackwardWeights(_:input:weight:output:outputGradient:blockedOutputGradient:weightGradient:)``).
    public static func backwardData(
        _ shape: Convolution2dShape, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, keepingBlockedOutputGradient: Bool
    ) -> (succeeded: Bool, blockedOutputGradient: DNNLBlockedCopy?) {
        guard let plan = plan(shape, .backwardData, withBias: false) else { return (false, nil) }
        let buffers = [
            UnsafeMutableRawPointer(mutating: outputGradient), UnsafeMutableRawPointer(mutating: weight),
            UnsafeMutableRawPointer(inputGradient),
        ]
        guard let kept = plan.execute(buffers, supplying: [], keeping: keepingBlockedOutputGradient ? [0] : [])
        else { return (false, nil) }
        return (true, kept.first ?? nil)
    }

    /// Both backward passes of one output gradient: `inputGradient` as ``backwardData(_:outputGradient:weight:inputGradient:)``
    /// and `weightGradient` (and `biasGradient`) as
    /// ``backwardWeights(_:input:outputGradient:weightGradient:biasGradient:)``, each only when given (at least one).
    /// When both are computed and both primitives read the output gradient in the same blocked layout, it is
    /// reordered once; `blockedInput` (from ``forward(_:input:weight:bias:output:keepingBlockedInput:)`` on the same
    /// `input`, unchanged since) replaces backward-weights' reorder of `input` when the layouts agree.
    /// Returns `false` when a needed pass is refused (nothing written) or fails (the caller recomputes both).
    public static func backward(
        _ shape: Convolution2dShape, input: UnsafePointer<Float>, blockedInput: DNNLBlockedCopy?,
        outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, weightGradient: UnsafeMutablePointer<Float>?,
        biasGradient: UnsafeMutablePointer<Float>? = nil
    ) -> Bool {
        precondition(inputGradient != nil || weightGradient != nil, "DNNLConvolution.backward: no gradient requested")
        precondition(biasGradient == nil || weightGradient != nil, "DNNLConvolution.backward: bias gradient without weight gradient")
        let dataPlan = inputGradient == nil ? nil : plan(shape, .backwardData, withBias: false)
        let weightsPlan = weightGradient == nil ? nil : plan(shape, .backwardWeights, withBias: biasGradient != nil)
        guard inputGradient == nil || dataPlan != nil, weightGradient == nil || weightsPlan != nil else { return false }
        let gradient = UnsafeMutableRawPointer(mutating: outputGradient)
        var dataPass: SharingPass?, weightsPass: SharingPass?
        if let dataPlan, let inputGradient {
            dataPass = (dataPlan, [gradient, UnsafeMutableRawPointer(mutating: weight), UnsafeMutableRawPointer(inputGradient)], 0)
        }
        if let weightsPlan, let weightGradient {
            var buffers = [UnsafeMutableRawPointer(mutating: input), gradient, UnsafeMutableRawPointer(weightGradient)]
            if let biasGradient { buffers.append(UnsafeMutableRawPointer(biasGradient)) }
            weightsPass = (weightsPlan, buffers, 1)
        }
        return runSharing(first: dataPass, then: weightsPass, otherCopies: [blockedInput, nil])
    }

    /// The backward pass of a transposed convolution written as the adjoint of `shape` (its forward pass being
    /// ``backwardData(_:outputGradient:weight:inputGradient:keepingBlockedOutputGradient:)`` of `outputGradient`):
    /// `output` = ``forward(_:input:weight:bias:output:)`` of `input` (no bias) and `weightGradient` =
    /// ``backwardWeights(_:input:outputGradient:weightGradient:biasGradient:)`` of (`input`, `outputGradient`), each
    /// only when given (at least one). When both are computed and both primitives read `input` in the same blocked
    /// layout, it is reordered once; `blockedOutputGradient` (kept by that backward-data call on the same data)
    /// replaces the reorder of `outputGradient` when the layouts agree. Returns `false` when a needed pass is
    /// refused (nothing written) or fails (the caller recomputes both).
    public static func forwardAndBackwardWeights(
        _ shape: Convolution2dShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>?, outputGradient: UnsafePointer<Float>,
        blockedOutputGradient: DNNLBlockedCopy?, weightGradient: UnsafeMutablePointer<Float>?
    ) -> Bool {
        precondition(output != nil || weightGradient != nil, "DNNLConvolution.forwardAndBackwardWeights: nothing requested")
        let forwardPlan = output == nil ? nil : plan(shape, .forward, withBias: false)
        let weightsPlan = weightGradient == nil ? nil : plan(shape, .backwardWeights, withBias: false)
        guard output == nil || forwardPlan != nil, weightGradient == nil || weightsPlan != nil else { return false }
        let source = UnsafeMutableRawPointer(mutating: input)
        var forwardPass: SharingPass?, weightsPass: SharingPass?
        if let forwardPlan, let output {
            forwardPass = (forwardPlan, [source, UnsafeMutableRawPointer(mutating: weight), UnsafeMutableRawPointer(output)], 0)
        }
        if let weightsPlan, let weightGradient {
            let buffers = [source, UnsafeMutableRawPointer(mutating: outputGradient), UnsafeMutableRawPointer(weightGradient)]
            weightsPass = (weightsPlan, buffers, 0)
        }
        return runSharing(first: forwardPass, then: weightsPass, otherCopies: [nil, blockedOutputGradient])
    }

    /// One pass of ``runSharing(first:then:otherCopies:)``: a plan, its buffers, and the index of its operand that
    /// the other pass reads too.
    typealias SharingPass = (plan: DNNLPrimitivePlan, buffers: [UnsafeMutableRawPointer], shared: Int)

    /// Runs `first`, then `then` (each when given; their `shared` operands are the same data). When both run and reorder that operand into the same layout, `first` keeps its blocked copy and
    /// `then` reads it instead of reordering again; `otherCopies` are copies kept earlier for `then`'s other operands
    /// (`nil` at the shared index). `false` when a pass fails.
    private static func runSharing(
        first: SharingPass?, then second: SharingPass?,
        otherCopies: [DNNLBlockedCopy?]
    ) -> Bool {
        var sharedCopy: DNNLBlockedCopy?
        if let first {
            let share = second.map {
                sameLayout(first.plan.blockedLayout(ofOperand: first.shared), $0.plan.blockedLayout(ofOperand: $0.shared))
            } ?? false
            guard let kept = first.plan.execute(first.buffers, supplying: [], keeping: share ? [first.shared] : [])
            else { return false }
            sharedCopy = share ? kept[first.shared] : nil
        }
        if let second {
            var supplied = otherCopies
            supplied[second.shared] = sharedCopy
            guard second.plan.execute(second.buffers, supplying: supplied, keeping: []) != nil else { return false }
        }
        return true
    }

    /// Whether two primitives read an operand in the same blocked layout (both reorder it).
    static func sameLayout(_ first: dnnl_memory_desc_t?, _ second: dnnl_memory_desc_t?) -> Bool {
        guard var first, var second else { return false }
        return dnnl_memory_desc_equal(&first, &second) != 0
    }
}
