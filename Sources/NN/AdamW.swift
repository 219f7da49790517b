import TensorCore

/// AdamW (Loshchilov & Hutter) exactly as PyTorch's `torch.optim.AdamW` (single-tensor path, no amsgrad):
/// per parameter with gradient g at its step t (counted per parameter):
/// `p ← p·(1 − lr·λ)`; `m ← β₁m + (1−β₁)g`; `v ← β₂v + (1−β₂)g²`;
/// `p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)`.
/// Parameters whose `grad` is nil (frozen or unused) are skipped and keep their step count.
public final class AdamW {
    /// Learning rate (may be changed between steps).
    public var learningRate: Float
    /// β₁, the decay of the first-moment average.
    public let beta1: Float
    /// β₂, the decay of the second-moment average.
    public let beta2: Float
    /// ε added to the denominator.
    public let epsilon: Float
    /// Decoupled weight decay λ.
    public let weightDecay: Float
    /// The optimised parameters with their names.
    public let parameters: [(name: String, tensor: Tensor)]
    /// Per-parameter state, same order as `parameters`.
    var steps: [Int]
    var firstMoments: [Tensor?]
    var secondMoments: [Tensor?]

    /// An optimiser over named parameters (e.g. `module.namedParameters()`). Defaults as PyTorch.
    public init(parameters: [(name: String, tensor: Tensor)], learningRate: Float = 1e-3, beta1: Float = 0.9,
                beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 1e-2) {
        precondition(Set(parameters.map(\.name)).count == parameters.count, "AdamW: duplicate parameter names")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        steps = Array(repeating: 0, count: parameters.count)
        firstMoments = Array(repeating: nil, count: parameters.count)
        secondMoments = Array(repeating: nil, count: parameters.count)
    }

    /// An optimiser over all parameters of `module`.
    public convenience init(module: Module, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-8, weightDecay: Float = 1e-2) {
        self.init(parameters: module.namedParameters(), learningRate: learningRate, beta1: beta1, beta2: beta2,
                  epsilon: epsilon, weightDecay: weightDecay)
    }

    /// Clears all parameters' gradients (`zero_grad(set_to_none=True)`).
    public func zeroGrad() { for p in parameters { p.tensor.grad = nil } }

    /// The number of updates applied to each parameter, by name.
    public var stepCounts: [String: Int] { Dictionary(uniqueKeysWithValues: zip(parameters.map(\.name), steps)) }

    /// Applies one update to every parameter that has a gradient.
    public func step() {
        for index in parameters.indices {
            let p = parameters[index].tensor
            guard let g = p.grad else { continue }
            steps[index] += 1
            let m = firstMoments[index] ?? Tensor.zeros(p.shape)
            let v = secondMoments[index] ?? Tensor.zeros(p.shape)
            firstMoments[index] = m; secondMoments[index] = v
            let t = Float(steps[index])
            let biasCorrection1 = 1 - Float(pow(Double(beta1), Double(t)))
            let biasCorrection2 = 1 - Float(pow(Double(beta2), Double(t)))
            let stepSize = learningRate / biasCorrection1
            let biasCorrection2Root = biasCorrection2.squareRoot()
            let decay = 1 - learningRate * weightDecay
            let pp = p.storage.pointer, mp = m.storage.pointer, vp = v.storage.pointer
            let gp = UnsafePointer(g.storage.pointer)
            let hyper = AdamWElementUpdate(decay: decay, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                           stepSize: stepSize, biasCorrection2Root: biasCorrection2Root)
            Parallel.forEachChunk(p.count, minimumChunk: 1 << 15) { range in
                hyper.apply(parameters: pp, firstMoments: mp, secondMoments: vp, gradients: gp, range: range)
            }
        }
    }
}

import Foundation
