import Foundation
import NN
import TensorCore

/// The fixtures computed by the authors' unchanged PyTorch code (`Tests/Fixtures/reference/`, README there):
/// safetensors tensors, JSON descriptions, and the counter-based formula that regenerates every conv, transposed
/// conv and linear weight and bias exactly.
public enum ReferenceFixture {
    /// `Tests/Fixtures/reference`, located from this source file.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("reference")

    /// The tensors of `<name>.safetensors` (float32), by key.
    public static func tensors(_ name: String) throws -> [String: Tensor] {
        try SafeTensors.read(from: directory.appendingPathComponent("\(name).safetensors")).tensors
    }

    /// The top-level object of `<name>.json`.
    public static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CheckpointError(file: "\(name).json", message: "not a JSON object")
        }
        return object
    }

    /// The value at a dotted `path` of a JSON object (`"terms.G_total"`), as a Double.
    public static func number(_ object: [String: Any], _ path: String) -> Double? {
        var current: Any = object
        for part in path.split(separator: ".") {
            guard let dictionary = current as? [String: Any], let next = dictionary[String(part)] else { return nil }
            current = next
        }
        return (current as? NSNumber)?.doubleValue
    }

    /// FNV-1a 64 of the UTF-8 bytes of `text` (offset 0xcbf29ce484222325, prime 0x100000001b3).
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// SplitMix64 output `i` (1-based) of the stream seeded with `seed`.
    public static func splitMix64(seed: UInt64, index: UInt64) -> UInt64 {
        var z = seed &+ index &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The formula's uniform value `u = (top 24 bits − 2²³)·2⁻²³` (exact, in [−1, 1)) of output `index` (1-based).
    public static func uniform(seed: UInt64, index: UInt64) -> Float {
        Float(Int64(splitMix64(seed: seed, index: index) >> 40) - (1 << 23)) * 0x1p-23
    }

    /// The tensor of `"<model>/<key>"` by the formula: element i (row-major in `shape`) is `u_{i+1} · scale` in
    /// float32, `scale = Float(1/√fanIn)`.
    public static func formulaTensor(model: String, key: String, shape: [Int], scale: Float) -> Tensor {
        let seed = fnv1a64("\(model)/\(key)")
        let tensor = Tensor.zeros(shape)
        tensor.withUnsafeMutableBufferPointer { out in
            for i in 0..<out.count { out[i] = uniform(seed: seed, index: UInt64(i + 1)) * scale }
        }
        return tensor
    }

    /// A model's whole PyTorch state dict: every `"source": "formula"` entry of `<model>.json`'s `parameters`
    /// regenerated (with the JSON's float32 `scale_bits`), plus the stored BatchNorm tensors of `<model>_bn`
    /// (`num_batches_tracked` left out). `model` is `generator`, `discriminator` or `destroyer`.
    public static func stateDictionary(model: String) throws -> [String: Tensor] {
        let description = try json(model)
        guard let parameters = description["parameters"] as? [String: [String: Any]] else {
            throw CheckpointError(file: "\(model).json", message: "no parameters object")
        }
        var result: [String: Tensor] = [:]
        for (key, entry) in parameters where entry["source"] as? String == "formula" {
            guard let shape = entry["shape"] as? [Int], let bits = (entry["scale_bits"] as? NSNumber)?.uint32Value else {
                throw CheckpointError(file: "\(model).json", message: "parameter \(key) lacks shape or scale_bits")
            }
            result[key] = formulaTensor(model: model, key: key, shape: shape, scale: Float(bitPattern: bits))
        }
        if model != "discriminator" {
            for (key, tensor) in try tensors("\(model)_bn") where !key.hasSuffix("num_batches_tracked") {
                result[key] = tensor
            }
        }
        return result
    }
}
