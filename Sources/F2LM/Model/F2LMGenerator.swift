import NN
import TensorCore

/// The F2LM generator (METHOD.md), width-scaled: level widths w, 2w, 4w, 8w.
///
/// - `frameEncoder` E_f on the input frames (`history·C` channels), always present; its skips feed the decoder.
/// - `labelEncoder` E_l on one-hot label maps (`history·K`) and `motionEncoder` E_m on flow (`(history−1)·2`),
///   each present when `model.encoders` names it. Raw bottlenecks X_f, X_l, X_m; L2-normalised over channels
///   they are the triplet features Z_f, Z_l, Z_m.
/// - FTC (`model.ftc`): `labelConversion` and `motionConversion`, double convs 8w → 8w. With
///   `model.fusion_input: raw` (the authors') they convert X_f to X'_l, X'_m; with `normalized` they convert Z_f.
///   Normalised, the conversions are Z'_l, Z'_m. Trained by the triplet loss (anchor Z'_x, positive Z_x,
///   negative Z_f, margin α, distance `model.triplet_distance`).
/// - Fusion of the features [X_f, X'_m, X'_l] (raw) or [Z_f, Z'_m, Z'_l] (normalized), in that order as the
///   authors' code: `concat_se` = concatenate on channels → `fusion` (double conv k·8w → 8w) → `excitation`
///   (SE block, reduction `model.se_reduction`); `add` = element-wise sum.
/// - Without FTC but with E_l and/or E_m (the "all three without FTC" row), the real Z_l, Z_m take the place of
///   Z'_l, Z'_m in the fusion, at training and test time alike; there is no triplet term.
/// - With the frame encoder alone (architecture `ffp`, or `f2lm` with encoders `[frame]`) this is exactly the FFP
///   U-Net: the raw (un-normalised) bottleneck goes straight into the decoder, no fusion.
/// - `decoder`: the FFP decoder with skips from E_f, 3×3 conv to C channels, tanh.
/// Checkpoint keys are dotted: `frameEncoder.inc.conv1.weight`, `labelConversion.bn1.running_mean`, ….
public final class F2LMGenerator: Module {
    /// E_f.
    public let frameEncoder: UNetEncoder
    /// E_l, when present.
    public let labelEncoder: UNetEncoder?
    /// E_m, when present.
    public let motionEncoder: UNetEncoder?
    /// FTC Z_f → Z'_l, when E_l and FTC are present.
    public let labelConversion: DoubleConv?
    /// FTC Z_f → Z'_m, when E_m and FTC are present.
    public let motionConversion: DoubleConv?
    /// The fusion double conv of `concat_se` (absent for `add` and for the FFP form).
    public let fusion: DoubleConv?
    /// The SE block of `concat_se`.
    public let excitation: SEBlock?
    /// The FFP decoder.
    public let decoder: UNetDecoder
    /// The fusion kind (used only when there is more than one feature).
    public let fusionKind: FusionKind
    /// The data shape this generator was built for.
    public let inputShape: GeneratorInputShape
    /// Which features FTC and fusion take.
    public let fusionInput: FusionInput
    /// The axis of the triplet distance (loss and per-frame score).
    public let tripletAxis: TripletDistanceAxis

    /// Builds the generator described by `model` for inputs of `inputShape`, drawing weights from `generator`
    /// by `model.initialization` (the authors': conv and linear weights N(0, 0.02²), biases 0, transposed convs at
    /// PyTorch's default, BatchNorm γ = 1, β = 0).
    public init(model: ModelConfig, inputShape: GeneratorInputShape, generator: inout RandomGenerator) {
        let w = model.width
        let useLabel = model.architecture == .f2lm && model.encoders.contains(.label)
        let useMotion = model.architecture == .f2lm && model.encoders.contains(.motion)
        let ftc = model.architecture == .f2lm && model.ftc
        self.inputShape = inputShape
        fusionKind = model.fusion
        fusionInput = model.fusionInput
        tripletAxis = model.tripletDistance.axis
        frameEncoder = UNetEncoder(inputChannels: inputShape.frameChannels, width: w, generator: &generator)
        labelEncoder = useLabel ? UNetEncoder(inputChannels: inputShape.labelChannels, width: w, generator: &generator) : nil
        motionEncoder = useMotion ? UNetEncoder(inputChannels: inputShape.flowChannels, width: w, generator: &generator) : nil
        labelConversion = useLabel && ftc ? DoubleConv(inputChannels: 8 * w, outputChannels: 8 * w, generator: &generator) : nil
        motionConversion = useMotion && ftc ? DoubleConv(inputChannels: 8 * w, outputChannels: 8 * w, generator: &generator) : nil
        let features = 1 + (useLabel ? 1 : 0) + (useMotion ? 1 : 0)
        if features > 1 && model.fusion == .concatSE {
            fusion = DoubleConv(inputChannels: features * 8 * w, outputChannels: 8 * w, generator: &generator)
            excitation = SEBlock(channels: 8 * w, reduction: model.seReduction, generator: &generator)
        } else {
            fusion = nil
            excitation = nil
        }
        decoder = UNetDecoder(width: w, outputChannels: inputShape.channels, generator: &generator)
        super.init()
        model.initialization.apply(to: self, network: .generator, generator: &generator)
    }

    /// True when this is the plain FFP U-Net (frame encoder only).
    public var isFramePredictionBaseline: Bool { labelEncoder == nil && motionEncoder == nil }

    /// True when the generator has triplet terms (some FTC conversion).
    public var hasTriplet: Bool { labelConversion != nil || motionConversion != nil }

    /// An auxiliary encoder's raw bottleneck X_x on its input and, with FTC, the conversion of `source`
    /// (X_f or Z_f by `fusion_input`).
    private static func auxiliary(_ encoder: UNetEncoder, input: Tensor, conversion: DoubleConv?, source: Tensor)
        -> (feature: Tensor, converted: Tensor?) {
        (encoder(input)[3], conversion.map { $0(source) })
    }

    /// One forward pass. `frames` `[N, history·C, H, W]` in [−1, 1]; `labels` `[N, history·K, H, W]` (needed with
    /// E_l); `flow` `[N, (history−1)·2, H, W]` (needed with E_m). H and W divisible by 8.
    public func callAsFunction(frames: Tensor, labels: Tensor?, flow: Tensor?) -> GeneratorOutput {
        let f = frameEncoder(frames)
        let skips = [f[2], f[1], f[0]]
        let xf = f[3]
        let zf = xf.l2NormalizedOverChannels()
        if isFramePredictionBaseline {
            return GeneratorOutput(prediction: decoder(xf, skips: skips), frameFeature: zf)
        }
        let normalizedInput = fusionInput == .normalized
        let source = normalizedInput ? zf : xf
        var output = GeneratorOutput(prediction: zf, frameFeature: zf)
        var fused = [source]
        // Each auxiliary branch: the triplet features are normalised; the fusion takes raw or normalised ones.
        func branch(_ encoder: UNetEncoder, _ input: Tensor, _ conversion: DoubleConv?)
            -> (feature: Tensor, converted: Tensor?, fused: Tensor) {
            let (x, converted) = Self.auxiliary(encoder, input: input, conversion: conversion, source: source)
            let z = x.l2NormalizedOverChannels()
            let zc = converted.map { $0.l2NormalizedOverChannels() }
            let fusedFeature = normalizedInput ? (zc ?? z) : (converted ?? x)
            return (z, zc, fusedFeature)
        }
        if let encoder = motionEncoder {
            guard let flow else { preconditionFailure("F2LMGenerator: the motion encoder needs a flow input") }
            let (zm, converted, fusedFeature) = branch(encoder, flow, motionConversion)
            output.motionFeature = zm
            output.convertedMotionFeature = converted
            fused.append(fusedFeature)
        }
        if let encoder = labelEncoder {
            guard let labels else { preconditionFailure("F2LMGenerator: the label encoder needs a label input") }
            let (zl, converted, fusedFeature) = branch(encoder, labels, labelConversion)
            output.labelFeature = zl
            output.convertedLabelFeature = converted
            fused.append(fusedFeature)
        }
        let bottleneck: Tensor
        if let fusion, let excitation {
            bottleneck = excitation(fusion(Tensor.concatenate(channels: fused)))
        } else {
            bottleneck = fused.dropFirst().reduce(fused[0], +)
        }
        output.prediction = decoder(bottleneck, skips: skips)
        return output
    }

    /// L_tri = L_tri^l + L_tri^m of an output (each the hinge `max(d(Z'_x, Z_x) − d(Z'_x, Z_f) + α, 0)` averaged
    /// over its entries, d by `model.triplet_distance`: the authors' `‖a − b + 1e-6‖₂` over the width axis, or L2
    /// over channels), shape `[1]`; nil when the generator has no FTC terms.
    public func tripletLoss(_ output: GeneratorOutput, margin: Float) -> Tensor? {
        var terms: [Tensor] = []
        if let anchor = output.convertedLabelFeature, let positive = output.labelFeature {
            terms.append(Losses.triplet(anchor: anchor, positive: positive, negative: output.frameFeature, margin: margin,
                                          axis: tripletAxis))
        }
        if let anchor = output.convertedMotionFeature, let positive = output.motionFeature {
            terms.append(Losses.triplet(anchor: anchor, positive: positive, negative: output.frameFeature, margin: margin,
                                          axis: tripletAxis))
        }
        guard let first = terms.first else { return nil }
        return terms.dropFirst().reduce(first, +)
    }

    /// The per-frame label and motion triplet losses `[N]` of an output (nil where absent): the scores' γ1, γ2 terms
    /// (the authors' `SIM_LOSS` of one frame with the width distance).
    public func perSampleTriplets(_ output: GeneratorOutput, margin: Float) -> (label: Tensor?, motion: Tensor?) {
        var label: Tensor?, motion: Tensor?
        if let anchor = output.convertedLabelFeature, let positive = output.labelFeature {
            label = Losses.perSampleTriplet(anchor: anchor, positive: positive, negative: output.frameFeature, margin: margin,
                                          axis: tripletAxis)
        }
        if let anchor = output.convertedMotionFeature, let positive = output.motionFeature {
            motion = Losses.perSampleTriplet(anchor: anchor, positive: positive, negative: output.frameFeature, margin: margin,
                                          axis: tripletAxis)
        }
        return (label, motion)
    }
}
