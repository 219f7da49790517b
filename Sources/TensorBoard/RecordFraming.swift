import Foundation

/// The record format of TensorBoard event files (TFRecord): each record is
///
///     uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data
///
/// with `CRC32C.mask`. A file is a plain concatenation of records.
public enum RecordFraming {
    /// Bytes a record adds around its data (8 + 4 + 4).
    public static let overhead = 16

    /// The framed record of `data`.
    public static func frame(_ data: Data) -> Data {
        var out = Data(capacity: data.count + overhead)
        let length = littleEndianBytes(UInt64(data.count))
        out.append(contentsOf: length)
        out.append(contentsOf: littleEndianBytes(CRC32C.maskedChecksum(length)))
        out.append(data)
        out.append(contentsOf: littleEndianBytes(CRC32C.maskedChecksum(data)))
        return out
    }

    /// What `records(in:)` read: the records' data, and the byte count of the whole records (smaller than the
    /// input when it ends in a record cut short, as a process killed mid-write leaves it).
    public struct Parsed: Equatable, Sendable {
        /// Each complete record's data, in file order.
        public var records: [Data]
        /// Bytes covered by the complete records.
        public var validLength: Int
    }

    /// Splits `bytes` into records, checking both checksums of each; a truncated final record is left out
    /// (reported by `validLength`), a checksum mismatch throws `TensorBoardError.corruptRecord` naming `path`.
    public static func records(in bytes: Data, path: String = "<memory>") throws -> Parsed {
        let data = Data(bytes) // zero-based indices
        var records: [Data] = []
        var offset = 0
        while data.count - offset >= 12 {
            let header = data[offset..<offset + 8]
            let length = readUInt64(data, at: offset)
            let lengthCRC = readUInt32(data, at: offset + 8)
            guard CRC32C.maskedChecksum(header) == lengthCRC else {
                throw TensorBoardError.corruptRecord(path: path, offset: offset, reason: "length checksum mismatch")
            }
            guard length <= UInt64(data.count - offset - overhead) else { break } // cut short
            let start = offset + 12, end = start + Int(length)
            let payload = data[start..<end]
            guard CRC32C.maskedChecksum(payload) == readUInt32(data, at: end) else {
                throw TensorBoardError.corruptRecord(path: path, offset: offset, reason: "data checksum mismatch")
            }
            records.append(Data(payload))
            offset = end + 4
        }
        return Parsed(records: records, validLength: offset)
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func readUInt64(_ data: Data, at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[offset + $1]) << (8 * UInt64($1)) }
    }

    static func readUInt32(_ data: Data, at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + $1]) << (8 * UInt32($1)) }
    }
}
