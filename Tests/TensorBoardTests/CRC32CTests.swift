import Foundation
import Testing
@testable import TensorBoard

@Suite struct CRC32CTests {
    /// The check value of CRC-32C and the iSCSI test vectors of RFC 3720, appendix B.4.
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map(UInt8.init)) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map(UInt8.init)) == 0x113F_DB5C)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    /// Masked values from the tensorboard package:
    /// `from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c; masked_crc32c(b"123456789")`.
    @Test func maskMatchesTensorBoard() {
        #expect(CRC32C.maskedChecksum(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.maskedChecksum([UInt8]()) == 0xA282_EAD8)
        for value: UInt32 in [0, 1, 0xE306_9283, 0xFFFF_FFFF] { #expect(CRC32C.unmask(CRC32C.mask(value)) == value) }
    }

    /// The slicing-by-8 path (8-byte blocks) agrees with the byte-at-a-time definition at every length and offset.
    @Test func blockPathMatchesBitwiseDefinition() {
        func bitwise(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        var state: UInt32 = 12345
        let bytes: [UInt8] = (0..<100).map { _ in state = state &* 1_103_515_245 &+ 12345; return UInt8(state >> 24) }
        for length in 0...bytes.count { #expect(CRC32C.checksum(bytes[0..<length]) == bitwise(Array(bytes[0..<length]))) }
        #expect(CRC32C.checksum(bytes[3..<77]) == bitwise(Array(bytes[3..<77])))
    }
}
