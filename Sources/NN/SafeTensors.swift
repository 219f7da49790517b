import Foundation
import TensorCore

/// An error reading or writing a checkpoint; the message names the file and the offending key.
public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The file concerned (path as given).
    public let file: String
    /// What is wrong.
    public let message: String
    /// An error about `file`.
    public init(file: String, message: String) { self.file = file; self.message = message }
    /// A readable summary.
    public var description: String { "\(file): \(message)" }
}

/// The safetensors format (as written by Hugging Face's `safetensors`): an 8-byte little-endian header length,
/// a JSON header `{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, …,
/// "__metadata__": {string: string}}` padded with spaces to a multiple of 8 bytes, then the raw little-endian
/// tensor bytes (offsets relative to the end of the header). Tensors are written as F32 in name order;
/// reading accepts F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL, converted to Float.
public enum SafeTensors {
    /// The contents of a safetensors file.
    public struct Contents {
        /// Tensors by name.
        public var tensors: [String: Tensor]
        /// The `__metadata__` strings.
        public var metadata: [String: String]
    }

    /// Serialises `tensors` (unique names) with `metadata` into safetensors bytes.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) -> Data {
        let sorted = tensors.sorted { $0.name < $1.name }
        precondition(Set(sorted.map(\.name)).count == sorted.count, "SafeTensors.encode: duplicate tensor names")
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for (name, tensor) in sorted {
            let bytes = tensor.count * 4
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for (_, tensor) in sorted {
            tensor.withUnsafeBufferPointer { buffer in
                // Float is little-endian on every platform Swift supports here (x86-64, arm64).
                data.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self), count: buffer.count * 4))
            }
        }
        return data
    }

    /// Writes `tensors` to `url` atomically (a temporary file renamed into place).
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL) throws {
        do {
            try encode(tensors, metadata: metadata).write(to: url, options: .atomic)
        } catch {
            throw CheckpointError(file: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads a safetensors file.
    public static func read(from url: URL) throws -> Contents {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CheckpointError(file: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, file: url.path)
    }

    private static let elementSizes: [String: Int] = ["F32": 4, "F64": 8, "F16": 2, "BF16": 2, "I64": 8, "I32": 4,
                                                      "I16": 2, "I8": 1, "U8": 1, "BOOL": 1]

    /// Parses safetensors bytes; `file` names the source in errors.
    public static func decode(_ data: Data, file: String) throws -> Contents {
        func fail(_ message: String) -> CheckpointError { CheckpointError(file: file, message: message) }
        guard data.count >= 8 else { throw fail("too short for a safetensors header (\(data.count) bytes)") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard headerLength <= UInt64(data.count - 8) else { throw fail("header length \(headerLength) exceeds the file size \(data.count)") }
        let headerEnd = 8 + Int(headerLength)
        let headerData = data.subdata(in: 8..<headerEnd)
        guard let json = try? JSONSerialization.jsonObject(with: headerData), let header = json as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let bufferLength = data.count - headerEnd
        var contents = Contents(tensors: [:], metadata: [:])
        for (name, value) in header {
            if name == "__metadata__" {
                guard let meta = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (k, v) in meta {
                    guard let s = v as? String else { throw fail("__metadata__ value for '\(k)' is not a string") }
                    contents.metadata[k] = s
                }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shapeAny = entry["shape"] as? [Any], let offsetsAny = entry["data_offsets"] as? [Any] else {
                throw fail("tensor '\(name)': entry needs dtype, shape and data_offsets")
            }
            let shape = shapeAny.compactMap { ($0 as? NSNumber)?.intValue }
            let offsets = offsetsAny.compactMap { ($0 as? NSNumber)?.intValue }
            guard shape.count == shapeAny.count, shape.allSatisfy({ $0 >= 0 }) else { throw fail("tensor '\(name)': invalid shape") }
            guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= bufferLength else {
                throw fail("tensor '\(name)': data_offsets \(offsetsAny) outside the data buffer of \(bufferLength) bytes")
            }
            guard let size = elementSizes[dtype] else { throw fail("tensor '\(name)': unsupported dtype \(dtype)") }
            // Overflow-checked element count, bounded by the bytes the entry spans.
            var count = 1
            for extent in shape {
                let product = count.multipliedReportingOverflow(by: extent)
                guard !product.overflow, product.partialValue <= bufferLength else {
                    throw fail("tensor '\(name)': shape \(shape) has more elements than the file has bytes")
                }
                count = product.partialValue
            }
            guard offsets[1] - offsets[0] == count * size else {
                throw fail("tensor '\(name)': \(offsets[1] - offsets[0]) bytes for shape \(shape) of \(dtype)")
            }
            let tensor = Tensor.zeros(shape)
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress! + headerEnd + offsets[0]
                tensor.withUnsafeMutableBufferPointer { out in
                    for i in 0..<count { out[i] = convert(base + i * size, dtype: dtype) }
                }
            }
            contents.tensors[name] = tensor
        }
        return contents
    }

    private static func convert(_ p: UnsafeRawPointer, dtype: String) -> Float {
        switch dtype {
        case "F32": return Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
        case "F64": return Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))))
        case "F16": return Float(Float16(bitPattern: UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))))
        case "BF16": return Float(bitPattern: UInt32(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))) << 16)
        case "I64": return Float(Int64(littleEndian: p.loadUnaligned(as: Int64.self)))
        case "I32": return Float(Int32(littleEndian: p.loadUnaligned(as: Int32.self)))
        case "I16": return Float(Int16(littleEndian: p.loadUnaligned(as: Int16.self)))
        case "I8": return Float(p.load(as: Int8.self))
        default: return Float(p.load(as: UInt8.self))
        }
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
