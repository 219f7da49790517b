import Foundation
import F2LM
import NN
import TensorCore
import TestSupport

/// Our networks at the authors' width (64) with the reference weights loaded: the state-dict key mapping from the
/// authors' PyTorch modules to our checkpoint keys, and builders for the three fixtures' networks.
enum ReferenceModels {
    /// The fixture generator's data shape: 4 RGB frames, 6 one-hot classes (24 label channels), 3 flows.
    static let generatorShape = GeneratorInputShape(channels: 3, classCount: 6, history: 4)

    /// The authors' configuration: all encoders, FTC, concat + SE (reduction 8), width 64, and the authors'
    /// defaults for triplet distance, fusion input and initialisation.
    static let model = ModelConfig(architecture: .f2lm, width: 64, encoders: [.frame, .label, .motion], ftc: true,
                                   fusion: .concatSE, alpha: 0.2, seReduction: 8)

    /// A double conv's PyTorch suffix (`0.weight`, `1.running_mean`, …) as ours (`conv1.weight`, `bn1.running_mean`).
    static func doubleConvSuffix(_ suffix: Substring) -> String {
        let parts = suffix.split(separator: ".", maxSplits: 1)
        let layer = ["0": "conv1", "1": "bn1", "3": "conv2", "4": "bn2"][String(parts[0])]!
        return "\(layer).\(parts[1])"
    }

    /// Applies the first matching `(PyTorch prefix, our prefix, is a double conv)` rule to `key`.
    static func map(_ key: String, rules: [(String, String, Bool)]) -> String {
        for (theirs, ours, doubleConv) in rules where key.hasPrefix(theirs + ".") {
            let rest = key.dropFirst(theirs.count + 1)
            return "\(ours).\(doubleConv ? doubleConvSuffix(rest) : String(rest))"
        }
        preconditionFailure("ReferenceModels: no mapping for \(key)")
    }

    /// Our generator key for an authors' generator state-dict key (`inc_x` = frames, `_y` = flow, `_z` = labels).
    static func generatorKey(_ key: String) -> String {
        var rules: [(String, String, Bool)] = []
        for (suffix, encoder) in [("x", "frameEncoder"), ("y", "motionEncoder"), ("z", "labelEncoder")] {
            rules.append(("inc_\(suffix).conv.conv", "\(encoder).inc", true))
            for k in 1...3 { rules.append(("down\(k)_\(suffix).mpconv.1.conv", "\(encoder).downs.\(k - 1)", true)) }
        }
        rules += [("transform_xtoy.conv", "motionConversion", true), ("transform_xtoz.conv", "labelConversion", true),
                  ("fusion_conv.conv", "fusion", true), ("se", "excitation", false), ("outc", "decoder.outc", false)]
        for k in 1...3 {
            rules.append(("up\(k).up", "decoder.ups.\(k - 1)", false))
            rules.append(("up\(k).conv.conv", "decoder.convs.\(k - 1)", true))
        }
        return map(key, rules: rules)
    }

    /// Our Destroyer key for an authors' DUNet key.
    static func destroyerKey(_ key: String) -> String {
        var rules: [(String, String, Bool)] = [("inc.conv.conv", "unet.encoder.inc", true), ("outc", "unet.decoder.outc", false)]
        for k in 1...3 {
            rules.append(("down\(k).mpconv.1.conv", "unet.encoder.downs.\(k - 1)", true))
            rules.append(("up\(k).up", "unet.decoder.ups.\(k - 1)", false))
            rules.append(("up\(k).conv.conv", "unet.decoder.convs.\(k - 1)", true))
        }
        return map(key, rules: rules)
    }

    /// Our discriminator key for an authors' `PixelDiscriminator` key (`net.0` … `net.8` → `conv1` … `conv5`).
    static func discriminatorKey(_ key: String) -> String {
        let parts = key.split(separator: ".")
        let index = Int(parts[1])! / 2 + 1
        return "conv\(index).\(parts[2])"
    }

    /// Loads the authors' state dict of `model` into `module` through `mapping`, strictly (every key of ours set).
    static func load(_ module: Module, model: String, mapping: (String) -> String,
                     edit: (inout [String: Tensor]) -> Void = { _ in }) throws {
        var state = try ReferenceFixture.stateDictionary(model: model)
        edit(&state)
        var ours: [String: Tensor] = [:]
        for (key, tensor) in state { ours[mapping(key)] = tensor }
        try module.loadStateDictionary(ours, strict: true, file: "\(model) reference")
    }

    /// Our generator with the reference weights (training mode); `edit` may change the authors' state dict first.
    static func generator(model: ModelConfig = ReferenceModels.model,
                          edit: (inout [String: Tensor]) -> Void = { _ in }) throws -> F2LMGenerator {
        var random = RandomGenerator(seed: 0)
        let generator = F2LMGenerator(model: model, inputShape: generatorShape, generator: &random)
        try load(generator, model: "generator", mapping: generatorKey, edit: edit)
        return generator
    }

    /// Our discriminator with the reference weights.
    static func discriminator() throws -> PatchDiscriminator {
        var random = RandomGenerator(seed: 0)
        let discriminator = PatchDiscriminator(channels: 3, width: 64, generator: &random)
        try load(discriminator, model: "discriminator", mapping: discriminatorKey)
        return discriminator
    }

    /// Our Destroyer with the reference weights (training mode).
    static func destroyer() throws -> Destroyer {
        var random = RandomGenerator(seed: 0)
        let destroyer = Destroyer(channels: 3, width: 64, generator: &random)
        try load(destroyer, model: "destroyer", mapping: destroyerKey)
        return destroyer
    }
}
