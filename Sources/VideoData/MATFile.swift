import CZlib
import Foundation

/// A value read from a MATLAB level-5 `.mat` file: the subset needed for anomaly ground truth.
public indirect enum MATValue: Equatable, Sendable {
    /// A numeric or logical array: dimensions and values in MATLAB's column-major order, as Double.
    case numeric(dimensions: [Int], values: [Double])
    /// A cell array: dimensions and the cells in column-major order.
    case cell(dimensions: [Int], cells: [MATValue])
    /// A character array (as text).
    case text(String)
    /// A struct (1×1) with named fields.
    case structure([String: MATValue])
    /// A class this reader does not decode (sparse, object, function handle...), with its MATLAB class code.
    case unsupported(classCode: Int)
}

/// A reader for MATLAB level-5 MAT files (the format `scipy.io.savemat` and MATLAB's `save -v7` write):
/// little- and big-endian files, uncompressed `miMATRIX` elements and `miCOMPRESSED` (zlib) elements,
/// small data elements, numeric/logical/char/cell/struct classes. Not supported: v7.3 (HDF5) files, sparse
/// and complex arrays (complex reads the real part). Every size read from the file is checked before use: a
/// negative or overflowing dimension, an array with more elements than the file has bytes, a compressed element
/// inflating past `maximumInflatedBytes` and arrays nested deeper than `maximumNesting` are thrown errors.
public struct MATFile: Sendable {
    /// The file's top-level variables by name.
    public let variables: [String: MATValue]
    /// Largest size a `miCOMPRESSED` element may inflate to (ground-truth files are kilobytes).
    public static let maximumInflatedBytes = 64 << 20
    /// Deepest nesting of cells and structs read.
    public static let maximumNesting = 32

    /// Reads and parses the file at `path`.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VideoDataError(path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "file does not exist")
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// Parses MAT-file bytes; `path` names the source in errors.
    public init(bytes: [UInt8], path: String) throws {
        guard bytes.count >= 128 else { throw VideoDataError(path, "not a MAT file (shorter than the 128-byte header)") }
        if String(decoding: bytes[0..<19], as: UTF8.self).contains("MATLAB 7.3") {
            throw VideoDataError(path, "MATLAB v7.3 (HDF5) files are not supported; re-save with -v7")
        }
        let indicator = (bytes[126], bytes[127])
        let bigEndian: Bool
        if indicator == (0x49, 0x4D) { bigEndian = false } // "IM" read little-endian
        else if indicator == (0x4D, 0x49) { bigEndian = true }
        else { throw VideoDataError(path, "not a MAT v5 file (bad endian indicator)") }
        let reader = MATReader(bytes: bytes, bigEndian: bigEndian, path: path)
        var variables: [String: MATValue] = [:]
        var offset = 128
        while offset + 8 <= bytes.count {
            let (name, value, next) = try reader.topLevelElement(at: offset)
            if let name { variables[name] = value }
            offset = next
        }
        self.variables = variables
    }

    /// The anomaly ground truth in variable `gt`: per test video, the list of 1-based inclusive
    /// `[start, end]` frame intervals. Each entry may be a 2×K array (one interval per column), a length-2
    /// vector, or empty (no anomaly).
    public func groundTruthIntervals(path: String) throws -> [[ClosedRange<Int>]] {
        guard let gt = variables["gt"] else {
            throw VideoDataError(path, "MAT file has no variable 'gt' (variables: \(variables.keys.sorted().joined(separator: ", ")))")
        }
        let entries: [MATValue]
        switch gt {
        case .cell(_, let cells): entries = cells
        case .numeric: entries = [gt]
        default: throw VideoDataError(path, "variable 'gt' is neither a cell array nor a numeric array")
        }
        return try entries.enumerated().map { index, entry in
            guard case .numeric(let dims, let values) = entry else {
                throw VideoDataError(path, "gt{\(index + 1)} is not numeric")
            }
            if values.isEmpty { return [] }
            let pairs: [(Double, Double)]
            if values.count == 2 {
                pairs = [(values[0], values[1])]
            } else if dims.count == 2 && dims[0] == 2 {
                pairs = (0..<dims[1]).map { (values[2 * $0], values[2 * $0 + 1]) }
            } else {
                throw VideoDataError(path, "gt{\(index + 1)} has shape \(dims.map(String.init).joined(separator: "x")); expected 2xK intervals")
            }
            return try pairs.map { start, end in
                // Frame numbers beyond 2³¹ are no video's; the bound also keeps Int(_:) from trapping.
                guard start == start.rounded(), end == end.rounded(), start >= 1, end >= start,
                      end <= Double(Int32.max) else {
                    throw VideoDataError(path, "gt{\(index + 1)} has an invalid interval [\(start), \(end)]")
                }
                return Int(start)...Int(end)
            }
        }
    }
}

/// Byte-level MAT v5 element parser.
struct MATReader {
    let bytes: [UInt8]
    let bigEndian: Bool
    let path: String

    func u32(_ o: Int) -> UInt32 {
        let b0 = UInt32(bytes[o]), b1 = UInt32(bytes[o + 1]), b2 = UInt32(bytes[o + 2]), b3 = UInt32(bytes[o + 3])
        return bigEndian ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0)
    }

    func unsigned(_ o: Int, _ size: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<size {
            let b = UInt64(bytes[o + (bigEndian ? i : size - 1 - i)])
            v = v << 8 | b
        }
        return v
    }

    /// Reads a tag at `offset`: (type, byte count, data offset, offset after the padded element).
    func tag(at offset: Int) throws -> (type: Int, count: Int, data: Int, next: Int) {
        guard offset + 8 <= bytes.count else { throw VideoDataError(path, "truncated MAT element tag at byte \(offset)") }
        let first = u32(offset)
        if first >> 16 != 0 {
            // Small data element: type in the low 16 bits, size in the high 16 bits, data in the next 4 bytes.
            let count = Int(first >> 16)
            guard count <= 4 else { throw VideoDataError(path, "bad small MAT element at byte \(offset)") }
            return (Int(first & 0xFFFF), count, offset + 4, offset + 8)
        }
        let type = Int(first), count = Int(u32(offset + 4))
        let data = offset + 8
        guard data + count <= bytes.count else {
            throw VideoDataError(path, "truncated MAT element at byte \(offset): needs \(count) bytes, \(bytes.count - data) left")
        }
        let padded = type == 15 ? count : (count + 7) / 8 * 8
        return (type, count, data, min(bytes.count, data + padded))
    }

    func topLevelElement(at offset: Int) throws -> (String?, MATValue, Int) {
        let t = try tag(at: offset)
        if t.type == 15 {
            let inflated = try inflate(Array(bytes[t.data..<(t.data + t.count)]), at: offset)
            let inner = MATReader(bytes: inflated, bigEndian: bigEndian, path: path)
            let (name, value) = try inner.matrix(at: 0, depth: 0)
            return (name, value, t.next)
        }
        if t.type == 14 {
            let (name, value) = try matrix(at: offset, depth: 0)
            return (name, value, t.next)
        }
        return (nil, .unsupported(classCode: -t.type), t.next)
    }

    /// Parses the miMATRIX element whose tag starts at `offset`, nested `depth` levels inside cells or structs.
    func matrix(at offset: Int, depth: Int) throws -> (String, MATValue) {
        guard depth <= MATFile.maximumNesting else {
            throw VideoDataError(path, "MAT arrays nested deeper than \(MATFile.maximumNesting) levels at byte \(offset)")
        }
        let t = try tag(at: offset)
        guard t.type == 14 else { throw VideoDataError(path, "expected a miMATRIX element at byte \(offset), found type \(t.type)") }
        if t.count == 0 { return ("", .numeric(dimensions: [0, 0], values: [])) }
        let end = t.data + t.count
        var cursor = t.data
        let flagsTag = try tag(at: cursor)
        guard flagsTag.count >= 4 else { throw VideoDataError(path, "bad array flags at byte \(cursor)") }
        let flags = u32(flagsTag.data)
        let classCode = Int(flags & 0xFF)
        cursor = flagsTag.next
        let dimsTag = try tag(at: cursor)
        var dims: [Int] = []
        for i in 0..<(dimsTag.count / 4) { dims.append(Int(Int32(bitPattern: u32(dimsTag.data + 4 * i)))) }
        cursor = dimsTag.next
        let nameTag = try tag(at: cursor)
        let name = String(decoding: bytes[nameTag.data..<(nameTag.data + nameTag.count)], as: UTF8.self)
        cursor = nameTag.next
        // Each element takes at least one byte of the file, so a valid count never exceeds the file size.
        var count = 1
        for dimension in dims {
            let product = count.multipliedReportingOverflow(by: dimension)
            guard dimension >= 0, !product.overflow, product.partialValue <= bytes.count else {
                throw VideoDataError(path, "array '\(name)' has impossible dimensions \(dims) at byte \(offset)")
            }
            count = product.partialValue
        }
        switch classCode {
        case 1: // cell
            var cells: [MATValue] = []
            for _ in 0..<count {
                guard cursor < end else { throw VideoDataError(path, "cell array '\(name)' is truncated") }
                let cellTag = try tag(at: cursor)
                cells.append(try matrix(at: cursor, depth: depth + 1).1)
                cursor = cellTag.next
            }
            return (name, .cell(dimensions: dims, cells: cells))
        case 2: // struct
            let lengthTag = try tag(at: cursor)
            guard lengthTag.count >= 4 else { throw VideoDataError(path, "bad struct field-name length at byte \(cursor)") }
            let fieldLength = Int(u32(lengthTag.data))
            cursor = lengthTag.next
            let namesTag = try tag(at: cursor)
            var fieldNames: [String] = []
            if fieldLength > 0 {
                for i in 0..<(namesTag.count / fieldLength) {
                    let start = namesTag.data + i * fieldLength
                    let raw = bytes[start..<(start + fieldLength)]
                    fieldNames.append(String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self))
                }
            }
            cursor = namesTag.next
            var fields: [String: MATValue] = [:]
            for field in fieldNames {
                guard cursor < end else { break }
                let fieldTag = try tag(at: cursor)
                fields[field] = try matrix(at: cursor, depth: depth + 1).1
                cursor = fieldTag.next
            }
            return (name, .structure(fields))
        case 4: // char
            let dataTag = try tag(at: cursor)
            let text: String
            switch dataTag.type {
            case 16, 1, 2: text = String(decoding: bytes[dataTag.data..<(dataTag.data + dataTag.count)], as: UTF8.self)
            default:
                let values = try numbers(dataTag)
                text = String(String.UnicodeScalarView(values.compactMap { UInt32(exactly: $0).flatMap(Unicode.Scalar.init) }))
            }
            return (name, .text(text))
        case 6...15: // numeric (the logical flag only changes interpretation, not storage)
            let dataTag = try tag(at: cursor)
            let values = try numbers(dataTag)
            guard values.count == count else {
                throw VideoDataError(path, "array '\(name)' has \(values.count) values for dimensions \(dims)")
            }
            return (name, .numeric(dimensions: dims, values: values))
        default:
            return (name, .unsupported(classCode: classCode))
        }
    }

    /// Decodes the numeric payload of a data element of any MAT numeric type into Doubles.
    func numbers(_ t: (type: Int, count: Int, data: Int, next: Int)) throws -> [Double] {
        let size: Int
        switch t.type {
        case 1, 2: size = 1
        case 3, 4, 17: size = 2
        case 5, 6, 7: size = 4
        case 9, 12, 13: size = 8
        default: throw VideoDataError(path, "unsupported MAT data type \(t.type) at byte \(t.data - 8)")
        }
        let n = t.count / size
        return (0..<n).map { i in
            let raw = unsigned(t.data + i * size, size)
            switch t.type {
            case 1: return Double(Int8(truncatingIfNeeded: raw))
            case 3: return Double(Int16(truncatingIfNeeded: raw))
            case 5: return Double(Int32(truncatingIfNeeded: raw))
            case 7: return Double(Float(bitPattern: UInt32(raw)))
            case 9: return Double(bitPattern: raw)
            case 12: return Double(Int64(bitPattern: raw))
            default: return Double(raw)
            }
        }
    }

    /// Inflates a zlib stream (miCOMPRESSED payload).
    func inflate(_ input: [UInt8], at offset: Int) throws -> [UInt8] {
        var stream = z_stream()
        var status = inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw VideoDataError(path, "zlib init failed") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var source = input
        try source.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                output += chunk[0..<produced]
                guard output.count <= MATFile.maximumInflatedBytes else {
                    throw VideoDataError(path, "compressed MAT element at byte \(offset) inflates past \(MATFile.maximumInflatedBytes) bytes")
                }
                if status == Z_STREAM_END { break }
                guard status == Z_OK else {
                    throw VideoDataError(path, "corrupt compressed MAT element at byte \(offset) (zlib status \(status))")
                }
                if produced == 0 && stream.avail_in == 0 {
                    throw VideoDataError(path, "truncated compressed MAT element at byte \(offset)")
                }
            } while true
        }
        return output
    }
}
