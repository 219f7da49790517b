import Foundation
import XCTest
@testable import VideoData

/// `data.labels: scores`: the segmenter score model of the synthetic families, score arrays of real datasets, and
/// the family difficulty levers (issue 30).
final class LabelScoresTests: XCTestCase {
    /// A 16 × 16 map: a person block at columns 2–7 and a bicycle block at columns 10–15, rows 4–11.
    func cyclistMap() -> [UInt8] {
        var map = [UInt8](repeating: 0, count: 256)
        for y in 4..<12 { for x in 2..<8 { map[y * 16 + x] = 1 }; for x in 10..<16 { map[y * 16 + x] = 2 } }
        return map
    }

    func testScoresAreLogitShapedEveryChannelNonZeroHighInsideItsObjects() {
        let scores = SegmenterScoreModel.scores(classes: cyclistMap(), width: 16, height: 16, seed: 5)
        XCTAssertEqual(scores.count, 21 * 256)
        XCTAssertTrue(scores.allSatisfy { $0 != 0 && $0.isFinite })
        let person = VOCClasses.id("person")!, bicycle = VOCClasses.id("bicycle")!, car = VOCClasses.id("car")!
        func at(_ k: Int, _ x: Int, _ y: Int) -> Float { scores[k * 256 + y * 16 + x] }
        // Inside the person block the person channel wins, inside the bicycle block the bicycle channel.
        let argmaxPerson = (0..<21).max { at($0, 4, 8) < at($1, 4, 8) }
        let argmaxBicycle = (0..<21).max { at($0, 13, 8) < at($1, 13, 8) }
        XCTAssertEqual(argmaxPerson, person)
        XCTAssertEqual(argmaxBicycle, bicycle)
        XCTAssertEqual((0..<21).max { at($0, 0, 0) < at($1, 0, 0) }, 0)
        // A bicycle is partly "person" (well above an unrelated class), a person is not "car".
        XCTAssertGreaterThan(at(person, 13, 8) - at(car, 13, 8), 2)
        XCTAssertLessThan(abs(at(car, 4, 8) - SegmenterScoreModel.objectBias), 2)
        // Smooth across the boundary: the pixel just outside the person block is between inside and far outside.
        XCTAssertGreaterThan(at(person, 1, 8), at(person, 0, 15) + 1)
        XCTAssertLessThan(at(person, 1, 8), at(person, 4, 8) - 1)
    }

    func testScoresAreAPureFunctionOfMapAndSeedWithFrameNoise() {
        let map = cyclistMap()
        let a = SegmenterScoreModel.scores(classes: map, width: 16, height: 16, seed: SegmenterScoreModel.seed(video: "01", frame: 3))
        let b = SegmenterScoreModel.scores(classes: map, width: 16, height: 16, seed: SegmenterScoreModel.seed(video: "01", frame: 3))
        let c = SegmenterScoreModel.scores(classes: map, width: 16, height: 16, seed: SegmenterScoreModel.seed(video: "01", frame: 4))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        // The noise is small beside the object lift: the two frames' person channels stay within ~2 logits.
        let person = VOCClasses.id("person")!
        XCTAssertLessThan(abs(a[person * 256 + 8 * 16 + 4] - c[person * 256 + 8 * 16 + 4]), 3)
    }

    /// FNV-1a over the scores' bit patterns: the committed tables were computed from exactly these maps, so a
    /// change of the model's arithmetic (even a reordering that only moves last bits) must be deliberate.
    func testScoresAreBitForBitTheOnesTheTablesWereComputedFrom() {
        func fingerprint(_ values: [Float]) -> UInt64 {
            values.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1.bitPattern)) &* 0x0000_0100_0000_01B3 }
        }
        var wide = [UInt8](repeating: 0, count: 32 * 24)
        for y in 5..<20 { for x in 3..<11 { wide[y * 32 + x] = 1 }; for x in 20..<30 { wide[y * 32 + x] = 3 } }
        wide[0] = 9  // an id beyond the affinity table counts as the last class
        XCTAssertEqual(fingerprint(SegmenterScoreModel.scores(classes: cyclistMap(), width: 16, height: 16, seed: 5)),
                       5_579_526_422_154_729_297)
        XCTAssertEqual(fingerprint(SegmenterScoreModel.scores(classes: wide, width: 32, height: 24,
                                                              seed: SegmenterScoreModel.seed(video: "03", frame: 17))),
                       4_583_438_044_468_708_856)
    }

    func testSyntheticSamplerFeedsTwentyOneScoreChannelsPerFrame() throws {
        let dir = try TemporaryFolder()
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 3).write(to: dir.path)
        let dataset = try VideoDataset.load(dir.path)
        let config = ClipConfiguration(history: 4, width: 16, height: 16, channels: 1, classCount: 21, labelInput: .scores)
        let sampler = try ClipSampler(dataset: dataset, split: .training, configuration: config)
        let batch = sampler.batch([ClipWindow(video: 1, target: 6)])
        XCTAssertEqual(batch.labelsShape, [1, 84, 16, 16])
        // Input frame 2 of the clip is frame 4 of video 1: its scores are the model's of its working class map.
        let video = sampler.videos[1]
        let expected = SegmenterScoreModel.scores(classes: video.labels[4], width: 16, height: 16,
                                                  seed: SegmenterScoreModel.seed(video: video.name, frame: 4))
        XCTAssertEqual(Array(batch.labels[(2 * 21 * 256)..<(3 * 21 * 256)]), expected)
    }

    func testRealDatasetScoreArraysAreReadAndResizedAndCheckedAgainstTheClassList() throws {
        let dir = try TemporaryFolder()
        try SyntheticDatasetWriter(family: .plaza, scale: SyntheticScale(trainVideos: 1, testVideos: 1, minFrames: 10,
                                                                         maxFrames: 10, frameSize: 32), seed: 1).write(to: dir.path)
        // Turn it into a "real" dataset with 3 classes and 3 × 8 × 8 score arrays for the training video.
        let info = DatasetInfo(family: nil, scale: nil, seed: nil, classNames: ["background", "person", "car"], channels: 3)
        try JSONEncoder().encode(info).write(to: URL(fileURLWithPath: dir.path + "/dataset.json"))
        let folder = dir.path + "/training/scores/01"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for t in 0..<10 {
            let values = (0..<(3 * 64)).map { Double($0 / 64) * 10 + Double(t) }  // channel k: 10k + t everywhere
            try NumpyArray(shape: [3, 8, 8], values: values).write(to: String(format: "%@/%04d.npy", folder, t), dtype: "<f4")
        }
        let dataset = try VideoDataset.load(dir.path)
        XCTAssertEqual(dataset.training[0].scorePaths?.count, 10)
        let config = ClipConfiguration(history: 4, width: 16, height: 16, channels: 3, classCount: 3, labelInput: .scores)
        let sampler = try ClipSampler(dataset: dataset, split: .training, configuration: config)
        let batch = sampler.batch([ClipWindow(video: 0, target: 5)])
        XCTAssertEqual(batch.labelsShape, [1, 12, 16, 16])
        // Input frame 3 of the clip is frame 4; channel 2 holds 20 + 4 everywhere.
        XCTAssertTrue(batch.labels[((3 * 3 + 2) * 256)..<((3 * 3 + 3) * 256)].allSatisfy { $0 == 24 })
        // A class list of another length is an error naming the score file.
        let wrong = ClipConfiguration(history: 4, width: 16, height: 16, channels: 3, classCount: 21, labelInput: .scores)
        XCTAssertThrowsError(try ClipSampler(dataset: dataset, split: .training, configuration: wrong)) { error in
            XCTAssertTrue("\(error)".contains("0000.npy") && "\(error)".contains("3 channels"), "\(error)")
        }
        // Test videos without score arrays: a clear error, not a silent fallback.
        XCTAssertThrowsError(try ClipSampler(dataset: dataset, split: .testing, configuration: config)) { error in
            XCTAssertTrue("\(error)".contains("scores/01"), "\(error)")
        }
    }

    func testNeutralLeversLeaveTheFamilyAndItsDatasetJSONUnchanged() throws {
        var tuned = SyntheticScale.default
        XCTAssertTrue(tuned.tuning.isNeutral)
        let encoded = String(decoding: try JSONEncoder().encode(tuned), as: UTF8.self)
        XCTAssertFalse(encoded.contains("actor_scale") || encoded.contains("anomaly"), encoded)
        let plain = SyntheticVideo(family: .plaza, split: .testing, index: 1, scale: tuned, seed: 9)
        tuned.tuning = FamilyTuning(actorScale: 1.4, anomalyKinds: ["running"])
        let bigger = SyntheticVideo(family: .plaza, split: .testing, index: 1, scale: tuned, seed: 9)
        XCTAssertEqual(plain.frameCount, bigger.frameCount)
        let t = plain.frameCount / 2
        let covered = { (f: SyntheticFrame) in f.labels.filter { $0 != 0 }.count }
        XCTAssertGreaterThan(covered(bigger.frame(t)), covered(plain.frame(t)))
        XCTAssertTrue(bigger.actors.filter(\.anomalous).allSatisfy { $0.kind == .runner })
        let decoded = try JSONDecoder().decode(SyntheticScale.self, from: try JSONEncoder().encode(tuned))
        XCTAssertEqual(decoded, tuned)
    }

    func testLeversOutOfRangeAreNamed() {
        let tuning = FamilyTuning(actorScale: 0, anomalySpeed: 2, crowdDensity: -1, anomalyKinds: ["juggling"])
        XCTAssertEqual(tuning.issues.map(\.field), ["actor_scale", "crowd_density", "anomaly_kinds"])
        XCTAssertEqual(FamilyTuning(anomalyKinds: ["wrong_direction"]).issues(family: .campus).map(\.field), ["anomaly_kinds"])
        XCTAssertTrue(FamilyTuning(anomalyKinds: ["wrong_direction"]).issues(family: .plaza).isEmpty)
    }
}
