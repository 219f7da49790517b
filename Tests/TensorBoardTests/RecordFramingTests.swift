import Foundation
import Testing
@testable import TensorBoard

@Suite struct RecordFramingTests {
    /// The framed bytes of "hello tensorboard" as tensorboard's own record writer lays them out
    /// (`struct.pack("<Q", n) + pack("<I", masked_crc32c(header)) + data + pack("<I", masked_crc32c(data))`).
    @Test func frameMatchesTensorBoardLayout() {
        let framed = RecordFraming.frame(Data("hello tensorboard".utf8))
        #expect(framed.map { String(format: "%02x", $0) }.joined()
            == "11000000000000009d6db52e68656c6c6f2074656e736f72626f617264a46f74d8")
    }

    @Test func recordsRoundTripAndTruncatedTailIsDropped() throws {
        let payloads = [Data(), Data("a".utf8), Data((0..<300).map { UInt8($0 % 256) })]
        var file = Data()
        for payload in payloads { file.append(RecordFraming.frame(payload)) }
        let parsed = try RecordFraming.records(in: file)
        #expect(parsed.records == payloads)
        #expect(parsed.validLength == file.count)
        // A writer killed mid-record leaves a partial record: the complete ones are still read.
        let cut = file.prefix(file.count - 5)
        let partial = try RecordFraming.records(in: cut)
        #expect(partial.records == Array(payloads.prefix(2)))
        #expect(partial.validLength == file.count - RecordFraming.frame(payloads[2]).count)
    }

    @Test func corruptDataIsAnErrorNamingTheFile() {
        var file = RecordFraming.frame(Data("abc".utf8))
        file[13] ^= 0x01
        #expect(throws: TensorBoardError.corruptRecord(path: "x.tfevents", offset: 0, reason: "data checksum mismatch")) {
            try RecordFraming.records(in: file, path: "x.tfevents")
        }
        var header = RecordFraming.frame(Data("abc".utf8))
        header[0] ^= 0x02
        #expect(throws: TensorBoardError.corruptRecord(path: "x.tfevents", offset: 0, reason: "length checksum mismatch")) {
            try RecordFraming.records(in: header, path: "x.tfevents")
        }
    }
}
