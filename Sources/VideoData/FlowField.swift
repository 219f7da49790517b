import Foundation

/// A dense optical-flow field: per pixel the displacement (u right, v down) in pixels to the next frame,
/// interleaved row-major H×W×2. Reads and writes Middlebury `.flo` files (magic 202021.25, int32 width,
/// int32 height, then the interleaved float32 values, little-endian).
public struct FlowField: Equatable, Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Interleaved (u, v) per pixel: index `2 * (y * width + x)` is u.
    public var uv: [Float]

    /// Creates a flow field; `uv.count` must be `2 * width * height`.
    public init(width: Int, height: Int, uv: [Float]) {
        precondition(uv.count == 2 * width * height, "FlowField: \(uv.count) values for \(width)x\(height)")
        self.width = width; self.height = height; self.uv = uv
    }

    /// A zero flow field.
    public init(width: Int, height: Int) { self.init(width: width, height: height, uv: [Float](repeating: 0, count: 2 * width * height)) }

    /// The field resized to `newWidth × newHeight` (bilinear), with vectors scaled by the size ratio so they stay
    /// in pixels of the new resolution.
    public func resized(width newWidth: Int, height newHeight: Int) -> FlowField {
        if newWidth == width && newHeight == height { return self }
        var out = ImageResampler.resize(values: uv, width: width, height: height, channels: 2, newWidth: newWidth, newHeight: newHeight)
        let sx = Float(newWidth) / Float(width), sy = Float(newHeight) / Float(height)
        for i in 0..<(newWidth * newHeight) { out[2 * i] *= sx; out[2 * i + 1] *= sy }
        return FlowField(width: newWidth, height: newHeight, uv: out)
    }

    /// Average end-point error `mean ‖f − g‖₂` against `reference` over the pixels where `include` is true
    /// (all pixels when nil).
    public func endPointError(to reference: FlowField, include: [Bool]? = nil) -> Double {
        precondition(reference.width == width && reference.height == height, "endPointError: size mismatch")
        var total = 0.0, count = 0
        for i in 0..<(width * height) where include?[i] ?? true {
            let du = Double(uv[2 * i] - reference.uv[2 * i]), dv = Double(uv[2 * i + 1] - reference.uv[2 * i + 1])
            total += (du * du + dv * dv).squareRoot(); count += 1
        }
        return count == 0 ? 0 : total / Double(count)
    }

    /// Reads a Middlebury `.flo` file.
    public static func read(_ path: String) throws -> FlowField {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VideoDataError(path, FileManager.default.fileExists(atPath: path) ? "cannot read file" : "file does not exist")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 12 else { throw VideoDataError(path, "truncated .flo header") }
        func u32(_ o: Int) -> UInt32 { UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24 }
        guard Float(bitPattern: u32(0)) == 202021.25 else { throw VideoDataError(path, "not a .flo file (bad magic)") }
        let w = Int(Int32(bitPattern: u32(4))), h = Int(Int32(bitPattern: u32(8)))
        guard w > 0, h > 0, w < 100_000, h < 100_000 else { throw VideoDataError(path, "bad .flo size \(w)x\(h)") }
        guard bytes.count >= 12 + 8 * w * h else {
            throw VideoDataError(path, "truncated .flo data: \(w)x\(h) needs \(12 + 8 * w * h) bytes, file has \(bytes.count)")
        }
        let uv = (0..<(2 * w * h)).map { Float(bitPattern: u32(12 + 4 * $0)) }
        return FlowField(width: w, height: h, uv: uv)
    }

    /// Writes the field as a Middlebury `.flo` file.
    public func write(to path: String) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(12 + 4 * uv.count)
        func append(_ v: UInt32) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        append(Float(202021.25).bitPattern); append(UInt32(width)); append(UInt32(height))
        for v in uv { append(v.bitPattern) }
        do { try Data(bytes).write(to: URL(fileURLWithPath: path)) } catch {
            throw VideoDataError(path, "cannot write .flo: \(error.localizedDescription)")
        }
    }
}
