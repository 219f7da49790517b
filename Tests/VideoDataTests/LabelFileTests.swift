import Foundation
import XCTest
@testable import VideoData

/// .npy, MATLAB .mat and UCSD .m ground-truth readers against files made by numpy / scipy.
final class LabelFileTests: XCTestCase {
    func bytes(_ base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64)!) }

    // Produced with numpy 1.x:  b = io.BytesIO(); np.lib.format.write_array(b, a, **kw); base64(b.getvalue())
    // a = np.array([0,1,1,0,1], dtype=np.uint8)
    let u1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDUsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQEAAQ=="
    // a = np.array([0,0,1,1,0,1], dtype='<i8')
    let i8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDYsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAA="
    // a = np.array([0., 1., 0.5, 0.], dtype='<f8')
    let f8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAPA/AAAAAAAA4D8AAAAAAAAAAA=="
    // a = np.array([False, True, True])
    let b1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQE="
    // a = np.array([[1.5, -2.0, 0.0], [3.25, 4.0, 5.0]], dtype='<f4')
    let f4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAAAAAAFBAAACAQAAAoEA="
    // a = np.array([7, -3, 0, 1], dtype='<i4'), version=(2, 0)
    let i4v2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8aTQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoNCwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoHAAAA/f///wAAAAABAAAA"
    // a = np.asfortranarray(np.arange(6, dtype='<i8').reshape(2, 3))
    let fortran = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAMAAAAAAAAAAQAAAAAAAAAEAAAAAAAAAAIAAAAAAAAABQAAAAAAAAA="

    func testNumpyDtypesAndVersions() throws {
        XCTAssertEqual(try NumpyArray.decode(bytes(u1), path: "u1"), NumpyArray(shape: [5], values: [0, 1, 1, 0, 1]))
        XCTAssertEqual(try NumpyArray.decode(bytes(i8), path: "i8"), NumpyArray(shape: [6], values: [0, 0, 1, 1, 0, 1]))
        XCTAssertEqual(try NumpyArray.decode(bytes(f8), path: "f8"), NumpyArray(shape: [4], values: [0, 1, 0.5, 0]))
        XCTAssertEqual(try NumpyArray.decode(bytes(b1), path: "b1"), NumpyArray(shape: [3], values: [0, 1, 1]))
        XCTAssertEqual(try NumpyArray.decode(bytes(f4), path: "f4"), NumpyArray(shape: [2, 3], values: [1.5, -2, 0, 3.25, 4, 5]))
        XCTAssertEqual(try NumpyArray.decode(bytes(i4v2), path: "i4"), NumpyArray(shape: [4], values: [7, -3, 0, 1]))
        XCTAssertEqual(try NumpyArray.decode(bytes(fortran), path: "f"), NumpyArray(shape: [2, 3], values: [0, 1, 2, 3, 4, 5]))
    }

    func testNumpyWriteReadsBackAndMatchesNumpyBytes() throws {
        let a = NumpyArray(shape: [5], values: [0, 1, 1, 0, 1])
        // Our writer produces exactly numpy's bytes for |u1.
        XCTAssertEqual(a.encoded(dtype: "|u1"), bytes(u1))
        for dtype in ["<i8", "<f4", "<f8"] {
            XCTAssertEqual(try NumpyArray.decode(a.encoded(dtype: dtype), path: dtype), a)
        }
    }

    func testNumpyBadInputThrowsNamingFile() {
        let good = bytes(i8)
        XCTAssertThrowsError(try NumpyArray.decode(Array(good.prefix(good.count - 3)), path: "v.npy")) { error in
            XCTAssertTrue("\(error)".contains("v.npy") && "\(error)".contains("truncated"), "\(error)")
        }
        XCTAssertThrowsError(try NumpyArray.decode([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], path: "x.npy")) { error in
            XCTAssertTrue("\(error)".contains("x.npy"))
        }
    }

    // Produced with scipy:
    //   gt = np.empty((1, 3), dtype=object)
    //   gt[0, 0] = np.array([[5, 61], [9, 180]], dtype=float)   # two intervals (columns) [5;9], [61;180]
    //   gt[0, 1] = np.array([3, 7], dtype=float)                # a length-2 vector
    //   gt[0, 2] = np.array([[2], [4]], dtype=np.uint8)         # 2x1 uint8 (a small data element when uncompressed)
    //   b = io.BytesIO(); scipy.io.savemat(b, {'gt': gt}, do_compression=True / False); base64(b.getvalue())
    let matCompressed = "TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFdlZCBOb3YgMjUgMTk6NTU6NDcgMjAyNgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0PAAAAYwAAAHic42MAAkYGBjYgxQFhggErEp8ZTDMxpJcwMPAB2QEMCPVsaOqZoBhmDicQKzDAgIgDhFaC0A1+UDrNAWSuAx5zGbGYKwA3lwNqrgzYHAMkczixuI8RyRwmEGRhYAAAezAGRQ=="
    let matUncompressed = "TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFdlZCBOb3YgMjUgMTk6NTU6NDcgMjAyNgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0OAAAAAAEAAAYAAAAIAAAAAQAAAAAAAAAFAAAACAAAAAEAAAADAAAAAQACAGd0AAAOAAAAUAAAAAYAAAAIAAAABgAAAAAAAAAFAAAACAAAAAIAAAACAAAAAQAAAAAAAAAJAAAAIAAAAAAAAAAAABRAAAAAAAAAIkAAAAAAAIBOQAAAAAAAgGZADgAAAEAAAAAGAAAACAAAAAYAAAAAAAAABQAAAAgAAAABAAAAAgAAAAEAAAAAAAAACQAAABAAAAAAAAAAAAAIQAAAAAAAABxADgAAADAAAAAGAAAACAAAAAkAAAAAAAAABQAAAAgAAAACAAAAAQAAAAEAAAAAAAAAAgACAAIEAAA="
    // scipy.io.savemat(b, {'labels': np.array([1., 2.])}, do_compression=True)
    let matNoGT = "TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFdlZCBOb3YgMjUgMTk6NTU6NDcgMjAyNgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0PAAAAMgAAAHic42NgYPAAYjYg5oDSIMAK5TMCMROUBsnlJCal5hQzMHAC2QIMMPDBHspwAAB5rAR9"

    func testMATGroundTruthCompressedAndUncompressed() throws {
        let expected: [[ClosedRange<Int>]] = [[5...9, 61...180], [3...7], [2...4]]
        for (name, text) in [("c.mat", matCompressed), ("u.mat", matUncompressed)] {
            let file = try MATFile(bytes: bytes(text), path: name)
            XCTAssertEqual(try file.groundTruthIntervals(path: name), expected, name)
        }
        let mask = try FrameGroundTruth.mask(intervals: [3...7], frameCount: 8, path: "m", video: "02")
        XCTAssertEqual(mask, [0, 0, 1, 1, 1, 1, 1, 0])
        XCTAssertThrowsError(try FrameGroundTruth.mask(intervals: [3...9], frameCount: 8, path: "m.mat", video: "02")) {
            XCTAssertTrue("\($0)".contains("m.mat") && "\($0)".contains("02"))
        }
    }

    func testMATWithoutGTOrTruncatedThrows() throws {
        let file = try MATFile(bytes: bytes(matNoGT), path: "nogt.mat")
        XCTAssertThrowsError(try file.groundTruthIntervals(path: "nogt.mat")) { error in
            XCTAssertTrue("\(error)".contains("nogt.mat") && "\(error)".contains("'gt'"), "\(error)")
        }
        let full = bytes(matUncompressed)
        XCTAssertThrowsError(try MATFile(bytes: Array(full.prefix(200)), path: "cut.mat")) { error in
            XCTAssertTrue("\(error)".contains("cut.mat"), "\(error)")
        }
        var corrupt = bytes(matCompressed)
        for i in 140..<min(corrupt.count, 170) { corrupt[i] ^= 0x5A }
        XCTAssertThrowsError(try MATFile(bytes: corrupt, path: "bad.mat")) { XCTAssertTrue("\($0)".contains("bad.mat")) }
    }

    /// Inputs that trapped before their fix (committed under Tests/FuzzCorpus/<target>/crashes/): each is now a
    /// `VideoDataError` naming the file.
    func testMATSizesFromTheFileAreCheckedBeforeUse() throws {
        let cases = ["known-negative-dimension.mat": "impossible dimensions",
                     "known-overflowing-dimensions.mat": "impossible dimensions",
                     "known-huge-gt-interval.mat": "invalid interval"]
        for (name, message) in cases {
            let path = fuzzCorpusFile("mat/crashes/\(name)")
            XCTAssertThrowsError(try MATFile(path: path).groundTruthIntervals(path: path), name) { error in
                let error = error as? VideoDataError
                XCTAssertEqual(error?.path, path)
                XCTAssertTrue(error?.reason.contains(message) == true, "\(name): \(String(describing: error))")
            }
        }
    }

    func testMATCompressedElementIsBoundedWhenInflated() throws {
        // A miCOMPRESSED element of 80 MB of zeros (80 kB of zlib).
        let path = fuzzCorpusFile("mat/crashes/known-inflation-bomb.mat")
        XCTAssertThrowsError(try MATFile(path: path)) { error in
            XCTAssertTrue("\(error)".contains("inflates past \(MATFile.maximumInflatedBytes) bytes"), "\(error)")
        }
    }

    func testNumpyShapeIsCheckedBeforeUse() throws {
        for name in ["known-huge-shape.npy", "known-reversed-parentheses.npy"] {
            let path = fuzzCorpusFile("npy/crashes/\(name)")
            XCTAssertThrowsError(try FrameGroundTruth.readNumpyMask(path), name) { error in
                XCTAssertEqual((error as? VideoDataError)?.path, path)
            }
        }
    }

    func testUCSDScript() throws {
        let dir = try TemporaryFolder()
        let path = dir.path + "/UCSDped2.m"
        try """
        TestVideoFile = {};
        % comment line [1:2]
        TestVideoFile{end+1}.gt_frame = [61:180];
        TestVideoFile{end+1}.gt_frame = [1:20, 95:120];
        TestVideoFile{end+1}.gt_frame = [7];
        """.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try FrameGroundTruth.parseUCSDScript(path), [[61...180], [1...20, 95...120], [7...7]])
        try "TestVideoFile{end+1}.gt_frame = [61-180];".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FrameGroundTruth.parseUCSDScript(path)) { XCTAssertTrue("\($0)".contains("line 1")) }
    }
}

/// A temporary folder removed when the value is released.
final class TemporaryFolder {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "videodata-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A file of the committed fuzz corpus, `Tests/FuzzCorpus/<relative>`.
func fuzzCorpusFile(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus").appendingPathComponent(relative).path
}

