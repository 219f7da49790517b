import NN
import TensorCore

/// The network families whose initialisation the authors' code sets differently.
enum InitializedNetwork {
    /// The F2LM generator (`proposed_weights_init`).
    case generator
    /// The patch discriminator (`weights_init_normal`).
    case discriminator
    /// The Destroyer (`weights_init_normal`).
    case destroyer
}

extension WeightInitialization {
    /// Draws `module`'s weights for `network` from `generator`, in pre-order (layers keep their constructor values
    /// where the scheme says PyTorch's default).
    ///
    /// `.authors` (quirk 17 of the reference README): generator Conv2d/Linear weights N(0, 0.02²) — timm's
    /// `trunc_normal_(std = 0.02)` cuts at ±2 absolute, 100σ, so it never truncates — biases 0, ConvTranspose2d at
    /// PyTorch's default U(±1/√fan_in); discriminator and Destroyer: every conv and transposed conv weight
    /// N(0, 0.02²), biases at PyTorch's default; Destroyer BatchNorm γ ~ N(1, 0.02²), β = 0.
    /// `.truncatedNormal`: every weighted layer N(0, 0.02²) redrawn beyond ±2σ, biases 0.
    func apply(to module: Module, network: InitializedNetwork, generator: inout RandomGenerator) {
        switch self {
        case .truncatedNormal:
            module.initializeWeights(.truncatedNormal(standardDeviation: 0.02), generator: &generator)
        case .authors:
            for layer in module.modules() {
                switch (network, layer) {
                case (.generator, is ConvTranspose2d):
                    continue // PyTorch's default, drawn by the constructor
                case (.generator, let weighted as any WeightedLayer):
                    Initializer.normal(standardDeviation: 0.02).fill(weighted.weight, generator: &generator)
                    if let bias = weighted.bias { Initializer.zeros.fill(bias, generator: &generator) }
                case (.discriminator, let weighted as any WeightedLayer),
                     (.destroyer, let weighted as any WeightedLayer):
                    if weighted is Linear { continue }
                    Initializer.normal(standardDeviation: 0.02).fill(weighted.weight, generator: &generator)
                case (.destroyer, let norm as BatchNorm2d):
                    let gamma = Tensor.randomNormal(norm.weight.shape, mean: 1, standardDeviation: 0.02, generator: &generator)
                    norm.weight.withUnsafeMutableBufferPointer { dst in
                        gamma.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
                    }
                default:
                    continue
                }
            }
        }
    }
}
