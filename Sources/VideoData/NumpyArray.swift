import Foundation

/// A NumPy `.npy` array: shape and values as `Double` (C order). Reads format versions 1.0, 2.0 and 3.0 with
/// dtypes `|u1`, `|b1` (bool), `|i1`, `<i4`, `<i8`, `<f4`, `<f8` (little-endian), and writes version 1.0.
/// Fortran-ordered arrays are transposed to C order on read.
public struct NumpyArray: Equatable, Sendable {
    /// The array's shape (empty for a scalar).
    public var shape: [Int]
    /// The values in C (row-major) order, converted to Double.
    public var values: [Double]

    /// Creates an array; `values.count` must equal the product of `shape`.
    public init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "NumpyArray: shape \(shape) does not match \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// Reads an `.npy` file.
    public static func read(_ path: String) throws -> NumpyArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VideoDataError(path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "file does not exist")
        }
        return try decode([UInt8](data), path: path)
    }

    /// Decodes `.npy` bytes; `path` names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> NumpyArray {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw VideoDataError(path, "not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw VideoDataError(path, "truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw VideoDataError(path, "unsupported .npy version \(major)")
        }
        guard bytes.count >= headerStart + headerLength else { throw VideoDataError(path, "truncated .npy header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field("descr", in: header).flatMap({ quoted($0) }) else {
            throw VideoDataError(path, "npy header has no 'descr': \(header)")
        }
        let fortran = field("fortran_order", in: header)?.hasPrefix("True") ?? false
        guard let shapeText = field("shape", in: header), let open = shapeText.firstIndex(of: "("),
              let close = shapeText[open...].firstIndex(of: ")") else {
            throw VideoDataError(path, "npy header has no 'shape': \(header)")
        }
        var shape: [Int] = []
        for part in shapeText[shapeText.index(after: open)..<close].split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let n = Int(trimmed), n >= 0 else { throw VideoDataError(path, "bad npy shape '\(shapeText)'") }
            shape.append(n)
        }
        // The product of the extents, checked for overflow (a header may claim any shape; the data check below
        // then bounds it by the file size).
        var count = 1
        for extent in shape {
            let product = count.multipliedReportingOverflow(by: extent)
            guard !product.overflow, product.partialValue <= bytes.count else {
                throw VideoDataError(path, "npy shape \(shape) has more items than the file has bytes (\(bytes.count))")
            }
            count = product.partialValue
        }
        let itemSize: Int
        let decodeItem: (Int) -> Double
        let body = headerStart + headerLength
        func le(_ offset: Int, _ size: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<size { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            return v
        }
        switch descr {
        case "|u1", "<u1": itemSize = 1; decodeItem = { Double(bytes[body + $0]) }
        case "|b1": itemSize = 1; decodeItem = { bytes[body + $0] != 0 ? 1 : 0 }
        case "|i1", "<i1": itemSize = 1; decodeItem = { Double(Int8(bitPattern: bytes[body + $0])) }
        case "<i4": itemSize = 4; decodeItem = { Double(Int32(truncatingIfNeeded: le(body + 4 * $0, 4))) }
        case "<i8": itemSize = 8; decodeItem = { Double(Int64(bitPattern: le(body + 8 * $0, 8))) }
        case "<f4": itemSize = 4; decodeItem = { Double(Float(bitPattern: UInt32(le(body + 4 * $0, 4)))) }
        case "<f8": itemSize = 8; decodeItem = { Double(bitPattern: le(body + 8 * $0, 8)) }
        default: throw VideoDataError(path, "unsupported npy dtype '\(descr)' (expected |u1, |b1, <i4, <i8, <f4 or <f8)")
        }
        guard bytes.count >= body + count * itemSize else {
            throw VideoDataError(path, "truncated npy data: expected \(count) items of \(itemSize) bytes, file has \(bytes.count - body) bytes")
        }
        var values = (0..<count).map(decodeItem)
        if fortran && shape.count > 1 {
            // Fortran order: the first index varies fastest. Re-index into C order.
            var c = [Double](repeating: 0, count: count)
            var index = [Int](repeating: 0, count: shape.count)
            for f in 0..<count {
                var cOffset = 0
                for d in 0..<shape.count { cOffset = cOffset * shape[d] + index[d] }
                c[cOffset] = values[f]
                var d = 0
                while d < shape.count { index[d] += 1; if index[d] < shape[d] { break }; index[d] = 0; d += 1 }
            }
            values = c
        }
        return NumpyArray(shape: shape, values: values)
    }

    /// Encodes the array as `.npy` version 1.0 with dtype `dtype` (one of `|u1`, `<i8`, `<f4`, `<f8`).
    public func encoded(dtype: String = "|u1") -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(dtype)', 'fortran_order': False, 'shape': \(shapeText), }"
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
        let length = header.utf8.count
        out += [UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(header.utf8)
        func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        for v in values {
            switch dtype {
            case "|u1": out.append(UInt8(max(0, min(255, v))))
            case "<i8": append(Int64(v))
            case "<f4": append(Float(v).bitPattern)
            case "<f8": append(v.bitPattern)
            default: preconditionFailure("NumpyArray.encoded: unsupported dtype \(dtype)")
            }
        }
        return out
    }

    /// Writes the array as `.npy` to `path`.
    public func write(to path: String, dtype: String = "|u1") throws {
        do { try Data(encoded(dtype: dtype)).write(to: URL(fileURLWithPath: path)) } catch {
            throw VideoDataError(path, "cannot write .npy: \(error.localizedDescription)")
        }
    }

    private static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        let rest = header[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return String(rest[rest.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
    }

    private static func quoted(_ text: String) -> String? {
        guard let q = text.first, q == "'" || q == "\"" else { return nil }
        let rest = text.dropFirst()
        guard let end = rest.firstIndex(of: q) else { return nil }
        return String(rest[..<end])
    }
}
