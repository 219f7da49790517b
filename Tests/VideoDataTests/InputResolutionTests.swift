import Foundation
import XCTest
@testable import VideoData

/// A dataset's own label maps and flow at the F2LM authors' 256 × 256 (or the working size), not the frames':
/// accepted and resized to the working size the way derived inputs are; any other size is an error naming the file.
final class InputResolutionTests: XCTestCase {
    /// A smoke walkway dataset (32 × 32 frames) whose first training video's labels and flow are replaced by
    /// files of `size × size`: class maps 1 on the left half, 2 on the right; flow (size/8, −size/16) everywhere.
    func dataset(_ dir: TemporaryFolder, size: Int) throws -> VideoRecord {
        let root = dir.path + "/ped2-like"
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 1).write(to: root)
        var record = try VideoDataset.load(root).training[0]
        for path in record.labelPaths! {
            let pixels = (0..<(size * size)).map { UInt8($0 % size < size / 2 ? 1 : 2) }
            try ImageCodec.writePNG(RasterImage(width: size, height: size, channels: 1, pixels: pixels), to: path)
        }
        for path in record.flowPaths! {
            let uv = (0..<(size * size)).flatMap { _ in [Float(size) / 8, -Float(size) / 16] }
            try FlowField(width: size, height: size, uv: uv).write(to: path)
        }
        record = try VideoDataset.load(root).training[0]
        return record
    }

    /// `flow` (2 × 16 × 16 planes) is (2, −1) everywhere, to float rounding.
    func assertFlow(_ flow: [Float], file: StaticString = #filePath, line: UInt = #line) {
        let expected = [Float](repeating: 2, count: 256) + [Float](repeating: -1, count: 256)
        XCTAssertEqual(flow.count, expected.count, file: file, line: line)
        XCTAssertLessThan(zip(flow, expected).map { abs($0 - $1) }.max() ?? 1, 1e-5, file: file, line: line)
    }

    func testAuthorsResolutionInputsAreResizedToTheWorkingSize() throws {
        let dir = try TemporaryFolder()
        let record = try dataset(dir, size: 256)
        let configuration = ClipConfiguration(width: 16, height: 16, channels: 1, classCount: 3, flowScale: 1)
        let video = try PreparedVideo(record: record, configuration: configuration)
        let expectedLabels = (0..<256).map { UInt8($0 % 16 < 8 ? 1 : 2) }
        XCTAssertEqual(video.labels[0], expectedLabels)
        // 256/8 = 32 pixels right at 256 wide is 2 pixels at 16 wide; −16 down is −1.
        assertFlow(video.flows[0])
        XCTAssertEqual(video.flows.count, record.frameCount)
        // At the working size itself the files are taken as they are.
        let other = try TemporaryFolder()
        let same = try PreparedVideo(record: try dataset(other, size: 16), configuration: configuration)
        XCTAssertEqual(same.labels[0], expectedLabels)
        assertFlow(same.flows[0])
    }

    func testAnotherSizeIsAnErrorNamingTheFileAndTheAcceptedSizes() throws {
        let dir = try TemporaryFolder()
        let record = try dataset(dir, size: 100)
        let configuration = ClipConfiguration(width: 16, height: 16, channels: 1, classCount: 3, flowScale: 1)
        XCTAssertThrowsError(try PreparedVideo(record: record, configuration: configuration)) { error in
            XCTAssertEqual((error as? VideoDataError)?.path, record.labelPaths![0])
            XCTAssertTrue("\(error)".contains("label map is 100x100; accepted sizes: the frames' 32x32, the F2LM authors' 256x256, the working 16x16"), "\(error)")
        }
    }
}
