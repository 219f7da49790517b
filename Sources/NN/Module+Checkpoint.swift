import Foundation
import TensorCore

extension Module {
    /// Copies `tensors` into this module's parameters and buffers by name (PyTorch's `load_state_dict`).
    /// Strict (default): a missing key, an unexpected key or a shape mismatch is an error listing every such key.
    /// Non-strict: matching keys are loaded and the rest ignored (shape mismatches are still errors).
    /// `file` names the source in errors.
    public func loadStateDictionary(_ tensors: [String: Tensor], strict: Bool = true, file: String = "<memory>") throws {
        let own = stateDictionary()
        let ownNames = Set(own.map(\.name))
        var problems: [String] = []
        let missing = own.map(\.name).filter { tensors[$0] == nil }
        let unexpected = tensors.keys.filter { !ownNames.contains($0) }.sorted()
        if strict && !missing.isEmpty { problems.append("missing keys: \(missing.joined(separator: ", "))") }
        if strict && !unexpected.isEmpty { problems.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
        for (name, target) in own {
            if let source = tensors[name], source.shape != target.shape {
                problems.append("key '\(name)' has shape \(source.shape) in the checkpoint but \(target.shape) in the model")
            }
        }
        if !problems.isEmpty { throw CheckpointError(file: file, message: problems.joined(separator: "; ")) }
        for (name, target) in own {
            guard let source = tensors[name] else { continue }
            target.withUnsafeMutableBufferPointer { dst in
                source.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
        }
    }

    /// Writes parameters and buffers to a safetensors file (F32, dotted names), atomically.
    public func saveCheckpoint(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(stateDictionary(), metadata: metadata, to: url)
    }

    /// Loads parameters and buffers from a safetensors file (strict by default) and returns its metadata.
    @discardableResult
    public func loadCheckpoint(from url: URL, strict: Bool = true) throws -> [String: String] {
        let contents = try SafeTensors.read(from: url)
        try loadStateDictionary(contents.tensors, strict: strict, file: url.path)
        return contents.metadata
    }
}

extension AdamW {
    /// The optimiser state as named tensors and metadata: `exp_avg.<param>`, `exp_avg_sq.<param>` tensors and
    /// `step.<param>` metadata (decimal), plus the hyper-parameters, so a training phase resumes bit-exactly.
    public func stateDictionary() -> (tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) {
        var tensors: [(String, Tensor)] = []
        var metadata: [String: String] = ["format": "f2lm-adamw-1", "learning_rate": "\(learningRate)"]
        for (index, (name, _)) in parameters.enumerated() {
            metadata["step.\(name)"] = String(steps[index])
            if let m = firstMoments[index], let v = secondMoments[index] {
                tensors.append(("exp_avg.\(name)", m))
                tensors.append(("exp_avg_sq.\(name)", v))
            }
        }
        return (tensors, metadata)
    }

    /// Restores state written by `stateDictionary`; every parameter must have a step count and, when it has
    /// stepped, moments of its shape. `file` names the source in errors.
    public func loadStateDictionary(tensors: [String: Tensor], metadata: [String: String], file: String = "<memory>") throws {
        var problems: [String] = []
        var newSteps = steps, newM = firstMoments, newV = secondMoments
        let known = Set(parameters.flatMap { ["exp_avg.\($0.name)", "exp_avg_sq.\($0.name)"] })
        let unexpected = tensors.keys.filter { !known.contains($0) }.sorted()
        if !unexpected.isEmpty { problems.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
        for (index, (name, p)) in parameters.enumerated() {
            guard let text = metadata["step.\(name)"], let step = Int(text), step >= 0 else {
                problems.append("missing or invalid step count 'step.\(name)'"); continue
            }
            newSteps[index] = step
            if step == 0 { newM[index] = nil; newV[index] = nil; continue }
            for key in ["exp_avg.\(name)", "exp_avg_sq.\(name)"] {
                guard let t = tensors[key] else { problems.append("missing key '\(key)'"); continue }
                if t.shape != p.shape { problems.append("key '\(key)' has shape \(t.shape), parameter has \(p.shape)") }
            }
            newM[index] = tensors["exp_avg.\(name)"]?.copy()
            newV[index] = tensors["exp_avg_sq.\(name)"]?.copy()
        }
        if !problems.isEmpty { throw CheckpointError(file: file, message: problems.joined(separator: "; ")) }
        steps = newSteps; firstMoments = newM; secondMoments = newV
        if let lr = metadata["learning_rate"].flatMap(Float.init) { learningRate = lr }
    }

    /// Saves the optimiser state to a safetensors file, atomically.
    public func saveState(to url: URL) throws {
        let state = stateDictionary()
        try SafeTensors.write(state.tensors, metadata: state.metadata, to: url)
    }

    /// Loads the optimiser state from a safetensors file written by `saveState`.
    public func loadState(from url: URL) throws {
        let contents = try SafeTensors.read(from: url)
        try loadStateDictionary(tensors: contents.tensors, metadata: contents.metadata, file: url.path)
    }
}
