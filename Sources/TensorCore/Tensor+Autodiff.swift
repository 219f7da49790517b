/// Reverse-mode automatic differentiation: recording, the no-gradient scope and `backward()`.
extension Tensor {
    @TaskLocal static var recordingDisabled = false

    /// Whether ops on the current thread (or task) record backward closures.
    public static var isRecordingGradients: Bool { !recordingDisabled }

    /// Runs `body` with gradient recording switched off on the current thread (or task): ops inside build no
    /// graph and keep no intermediate buffers alive. The scope is task-local, so models trained on other
    /// threads are unaffected. BatchNorm still updates running statistics in training mode, as PyTorch does.
    public static func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
        try $recordingDisabled.withValue(true) { try body() }
    }

    /// Wraps a freshly computed output. When recording is on and some parent requires a gradient, the output
    /// requires one too and keeps `backward`, which receives the output's gradient and must call
    /// `accumulateGradient` on the parents that require gradients. The closure must not capture the output
    /// tensor itself (capture its storage), so that no reference cycle keeps the graph alive.
    static func result(shape: [Int], storage: TensorStorage, parents: [Tensor],
                       backward: @escaping (Tensor) -> Void) -> Tensor {
        let out = Tensor(shape: shape, storage: storage)
        if !recordingDisabled && parents.contains(where: { $0.requiresGrad }) {
            out.requiresGrad = true
            out.parents = parents
            out.backwardFunction = backward
        }
        return out
    }

    /// True when an op result should record a backward closure for these inputs.
    static func needsGraph(_ inputs: Tensor...) -> Bool {
        !recordingDisabled && inputs.contains(where: { $0.requiresGrad })
    }

    /// Adds `gradient` (same element count) into this tensor's `grad`. Gradients are never mutated in place,
    /// so the argument may be shared with other tensors.
    public func accumulateGradient(_ gradient: Tensor) {
        precondition(gradient.count == count,
                     "accumulateGradient: gradient of shape \(gradient.shape) for tensor of shape \(shape)")
        guard requiresGrad else { return }
        if let existing = grad {
            let sum = Tensor(uninitializedShape: shape)
            let a = existing.storage.pointer, b = gradient.storage.pointer, o = sum.storage.pointer
            for i in 0..<count { o[i] = a[i] + b[i] }
            grad = sum
        } else {
            grad = gradient.shape == shape ? gradient : Tensor(shape: shape, storage: gradient.storage)
        }
    }

    /// Backpropagates from a one-element tensor (seed 1): every tensor with `requiresGrad` that this one
    /// depends on receives ∂self/∂tensor added into its `grad` (leaves accumulate across calls).
    /// Afterwards the graph is released: intermediate gradients and saved buffers are freed and a second
    /// `backward()` through the same graph propagates nothing.
    public func backward() {
        precondition(count == 1, "backward(): called on a tensor of shape \(shape); use backward(gradient:) for non-scalars")
        backward(gradient: Tensor(shape: shape, scalars: [1]))
    }

    /// Backpropagates with an explicit seed `gradient` of the same shape as this tensor (vector-Jacobian product).
    public func backward(gradient seed: Tensor) {
        precondition(seed.count == count, "backward(gradient:): seed shape \(seed.shape) for tensor of shape \(shape)")
        guard requiresGrad else { return }
        // Iterative post-order DFS gives a topological order (parents before children).
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            if !visited.insert(ObjectIdentifier(node)).inserted { continue }
            stack.append((node, true))
            for parent in node.parents where parent.requiresGrad && !visited.contains(ObjectIdentifier(parent)) {
                stack.append((parent, false))
            }
        }
        Tensor.withoutGrad {
            accumulateGradient(seed.detached())
            for node in order.reversed() {
                guard let function = node.backwardFunction else { continue }
                if let g = node.grad { function(g) }
                node.grad = nil
                node.backwardFunction = nil
                node.parents = []
            }
        }
    }
}
