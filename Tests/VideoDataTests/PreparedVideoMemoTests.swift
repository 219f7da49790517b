import Foundation
import XCTest
@testable import VideoData

/// `PreparedVideoMemo`: a split loaded twice in one process is prepared once and is the same data; a rewritten
/// file is read again; switched off, every load reads the files.
final class PreparedVideoMemoTests: XCTestCase {
    let configuration = ClipConfiguration(history: 4, width: 16, height: 16, channels: 3, classCount: 21,
                                          labelInput: .scores)

    override func setUp() {
        PreparedVideoMemo.removeAll()
        PreparedVideoMemo.isEnabled = true
    }

    override func tearDown() {
        PreparedVideoMemo.isEnabled = false
        PreparedVideoMemo.removeAll()
    }

    func assertSameVideos(_ a: ClipSampler, _ b: ClipSampler, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.videos.count, b.videos.count, file: file, line: line)
        for (x, y) in zip(a.videos, b.videos) {
            XCTAssertEqual(x.name, y.name, file: file, line: line)
            XCTAssertEqual(x.frames, y.frames, file: file, line: line)
            XCTAssertEqual(x.labels, y.labels, file: file, line: line)
            XCTAssertEqual(x.scores.map { $0.map(\.bitPattern) }, y.scores.map { $0.map(\.bitPattern) }, file: file, line: line)
            XCTAssertEqual(x.flows.map { $0.map(\.bitPattern) }, y.flows.map { $0.map(\.bitPattern) }, file: file, line: line)
            XCTAssertEqual(x.frameLabels, y.frameLabels, file: file, line: line)
        }
    }

    func testASecondLoadOfASplitIsServedFromTheMemoWithIdenticalData() throws {
        let dir = try TemporaryFolder()
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 3).write(to: dir.path)
        let dataset = try VideoDataset.load(dir.path)
        let first = try ClipSampler(dataset: dataset, split: .testing, configuration: configuration)
        let afterFirst = PreparedVideoMemo.statistics
        XCTAssertEqual(afterFirst.hits, 0)
        XCTAssertEqual(afterFirst.misses, dataset.testing.count)
        XCTAssertGreaterThan(PreparedVideoMemo.storedBytes, 0)
        let second = try ClipSampler(dataset: dataset, split: .testing, configuration: configuration)
        XCTAssertEqual(PreparedVideoMemo.statistics.hits, dataset.testing.count)
        assertSameVideos(first, second)

        // What a load without the memo prepares is the same, bit for bit.
        PreparedVideoMemo.isEnabled = false
        let fresh = try ClipSampler(dataset: dataset, split: .testing, configuration: configuration)
        assertSameVideos(first, fresh)
        XCTAssertEqual(PreparedVideoMemo.statistics.misses, dataset.testing.count, "switched off, the memo is not asked")
    }

    func testAnotherConfigurationIsPreparedAgain() throws {
        let dir = try TemporaryFolder()
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 3).write(to: dir.path)
        let dataset = try VideoDataset.load(dir.path)
        _ = try ClipSampler(dataset: dataset, split: .training, configuration: configuration)
        var grey = configuration
        grey.channels = 1
        let greySampler = try ClipSampler(dataset: dataset, split: .training, configuration: grey)
        XCTAssertEqual(PreparedVideoMemo.statistics.hits, 0)
        XCTAssertEqual(greySampler.videos[0].frames[0].count, 16 * 16)
    }

    func testARewrittenFrameIsReadAgain() throws {
        let dir = try TemporaryFolder()
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 3).write(to: dir.path)
        let dataset = try VideoDataset.load(dir.path)
        let before = try ClipSampler(dataset: dataset, split: .training, configuration: configuration)
        // Replace the first frame of the first video with a copy of its second frame (another file, same name).
        let record = dataset.training[0]
        let target = URL(fileURLWithPath: record.framePaths[0])
        let replacement = try Data(contentsOf: URL(fileURLWithPath: record.framePaths[1]))
        try FileManager.default.removeItem(at: target)
        try replacement.write(to: target)
        let after = try ClipSampler(dataset: dataset, split: .training, configuration: configuration)
        XCTAssertEqual(PreparedVideoMemo.statistics.hits, dataset.training.count - 1, "only the changed video is read again")
        XCTAssertNotEqual(before.videos[0].frames[0], after.videos[0].frames[0])
        XCTAssertEqual(after.videos[0].frames[0], after.videos[0].frames[1])
    }
}
