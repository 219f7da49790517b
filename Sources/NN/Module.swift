import TensorCore

/// A network component with named parameters (optimised tensors), buffers (saved but not optimised tensors,
/// e.g. BatchNorm running statistics) and child modules, in the manner of PyTorch's `nn.Module`.
///
/// Names are discovered by reflection over stored properties: a `Tensor` property is a parameter (or a buffer
/// when its label is in `bufferLabels`), a `Module` property a child, an array of modules children `label.0`,
/// `label.1`, …; optional properties count when non-nil. Names are dotted paths like PyTorch's
/// (`encoder.inc.conv1.weight`); `labelOverrides` renames a property (an empty name flattens a child array,
/// as in `Sequential`). Training mode is a property of each module, set recursively by `train()`/`eval()`.
open class Module {
    /// Whether the module (and its children, when set through `train`/`eval`) is in training mode.
    public var isTraining = true

    /// Creates a module in training mode.
    public init() {}

    /// Property labels whose `Tensor` values are buffers rather than parameters.
    open var bufferLabels: Set<String> { [] }

    /// Checkpoint names for property labels (e.g. `runningMean` → `running_mean`); `""` flattens a child array.
    open var labelOverrides: [String: String] { [:] }

    private enum Member { case tensor(Tensor), module(Module) }

    /// The members found by the first reflection (reflection costs more than a small training step's arithmetic;
    /// `train()` alone walks every module each step). The leading underscore keeps it out of the reflection.
    private var _memberCache: [(label: String, member: Member)]?

    /// The members of this module in declaration order (superclass properties first), reflected on first use
    /// and remembered: a module's `Tensor` and `Module` properties are fixed once it is used (declare them `let`).
    private func members() -> [(label: String, member: Member)] {
        if let cached = _memberCache { return cached }
        let reflected = reflectedMembers()
        _memberCache = reflected
        return reflected
    }

    /// The members found by reflection over the stored properties.
    private func reflectedMembers() -> [(label: String, member: Member)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror { mirrors.append(m); mirror = m.superclassMirror }
        var result: [(String, Member)] = []
        let overrides = labelOverrides
        for m in mirrors.reversed() {
            for child in m.children {
                guard let raw = child.label, !raw.hasPrefix("$"), !raw.hasPrefix("_") else { continue }
                let label = overrides[raw] ?? raw
                if let tensor = child.value as? Tensor {
                    result.append((label, .tensor(tensor)))
                } else if let module = child.value as? Module {
                    result.append((label, .module(module)))
                } else if let array = child.value as? [Any] {
                    for (index, element) in array.enumerated() {
                        if let module = element as? Module {
                            result.append((label.isEmpty ? "\(index)" : "\(label).\(index)", .module(module)))
                        } else if let tensor = element as? Tensor {
                            result.append((label.isEmpty ? "\(index)" : "\(label).\(index)", .tensor(tensor)))
                        }
                    }
                }
            }
        }
        return result
    }

    /// Whether a (possibly overridden) member name is a buffer.
    private func isBuffer(_ name: String) -> Bool {
        let overrides = labelOverrides
        return bufferLabels.contains { (overrides[$0] ?? $0) == name }
    }

    /// Direct children with their names.
    public func namedChildren() -> [(name: String, module: Module)] {
        members().compactMap { if case .module(let m) = $0.member { return ($0.label, m) } else { return nil } }
    }

    /// Every parameter of this module and its descendants, with dotted names, in declaration order.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var out: [(String, Tensor)] = []
        for (label, member) in members() {
            switch member {
            case .tensor(let t): if !isBuffer(label) { out.append((label, t)) }
            case .module(let m): out += m.namedParameters().map { ("\(label).\($0.name)", $0.tensor) }
            }
        }
        return out
    }

    /// Every buffer of this module and its descendants, with dotted names.
    public func namedBuffers() -> [(name: String, tensor: Tensor)] {
        var out: [(String, Tensor)] = []
        for (label, member) in members() {
            switch member {
            case .tensor(let t): if isBuffer(label) { out.append((label, t)) }
            case .module(let m): out += m.namedBuffers().map { ("\(label).\($0.name)", $0.tensor) }
            }
        }
        return out
    }

    /// All parameters (see `namedParameters`).
    public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

    /// Parameters and buffers: what a checkpoint holds (PyTorch's `state_dict`).
    public func stateDictionary() -> [(name: String, tensor: Tensor)] { namedParameters() + namedBuffers() }

    /// Number of parameter elements.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// Sets training mode on this module and all descendants.
    public func train(_ mode: Bool = true) {
        isTraining = mode
        for (_, child) in namedChildren() { child.train(mode) }
    }

    /// Sets evaluation mode (BatchNorm uses running statistics) on this module and all descendants.
    public func eval() { train(false) }

    /// Excludes (or re-includes) all parameters of this module and its descendants from gradient computation:
    /// they get `requiresGrad = false`, so no graph is recorded for them and optimisers skip them.
    public func freeze(_ frozen: Bool = true) {
        for p in parameters() { p.requiresGrad = !frozen; if frozen { p.grad = nil } }
    }

    /// Clears the gradients of all parameters.
    public func zeroGrad() { for p in parameters() { p.grad = nil } }
}

/// A module mapping one tensor to one tensor, usable in `Sequential`.
public protocol UnaryLayer: Module {
    /// The layer's forward computation.
    func callAsFunction(_ input: Tensor) -> Tensor
}
