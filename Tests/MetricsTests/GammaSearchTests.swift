import Foundation
import XCTest
import Metrics

final class GammaSearchTests: XCTestCase {
    /// Four videos of 8 frames, anomalies at frames 3–5. In v1 and v3 (the validation part of the alternate
    /// split) the generator MSE separates the classes and the label triplet is noise; in v2 and v4 (held out) it
    /// is the other way round. Validation therefore picks the generator alone; a search on all videos does not.
    static let signal = [0.1, 0.2, 0.15, 0.9, 0.95, 0.85, 0.12, 0.18]
    static let noise = [0.5, 0.1, 0.9, 0.3, 0.6, 0.2, 0.8, 0.4]

    static func makeTable(heldOutGenerator: [Double] = noise, heldOutLabelTriplet: [Double] = signal,
                          heldOutLabels: [Bool]? = nil) -> ScoreTable {
        var rows: [ScoreRow] = []
        for video in ["v1", "v2", "v3", "v4"] {
            let heldOut = video == "v2" || video == "v4"
            for frame in 0..<8 {
                let anomalous = heldOut ? (heldOutLabels?[frame] ?? (3...5).contains(frame)) : (3...5).contains(frame)
                rows.append(ScoreRow(
                    video: video, frame: frame, isAnomalous: anomalous,
                    labelTriplet: heldOut ? heldOutLabelTriplet[frame] : noise[frame],
                    generatorMSE: heldOut ? heldOutGenerator[frame] : signal[frame]))
            }
        }
        return ScoreTable(rows: rows)
    }

    func testSearchChoosesOnValidationVideosAndReportsOnHeldOutOnly() throws {
        let table = Self.makeTable()
        let search = GammaSearch()
        let result = try search.run(on: table)
        XCTAssertFalse(result.isOracle)
        XCTAssertEqual(result.selectionVideos, ["v1", "v3"])
        XCTAssertEqual(result.reportedVideos, ["v2", "v4"])
        XCTAssertEqual(result.weights, ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0))
        XCTAssertEqual(result.selectionAUC, 1.0)

        // The choice is the first best candidate on the validation videos alone.
        let validation = table.subset(videos: ["v1", "v3"])
        let scored = try search.candidateAUCs(on: validation)
        let best = scored.map(\.auc).max()!
        XCTAssertEqual(result.weights, scored.first { $0.auc == best }!.weights)
        XCTAssertEqual(result.candidateCount, scored.count)
        // The reported numbers are those of the chosen γ on the held-out videos alone.
        let heldOut = table.subset(videos: ["v2", "v4"])
        XCTAssertEqual(result.evaluation, try ScoreCombination(weights: result.weights).evaluate(heldOut))
        XCTAssertEqual(result.evaluation.frameCount, 16)
        XCTAssertLessThan(result.evaluation.auc, 0.8)  // the generator is noise on the held-out videos
    }

    func testHeldOutVideosDoNotInfluenceTheChoice() throws {
        let search = GammaSearch()
        let original = try search.run(on: Self.makeTable())
        // Rewrite the held-out videos completely: other values, other labels.
        let perturbed = try search.run(on: Self.makeTable(
            heldOutGenerator: [9, 1, 8, 2, 7, 3, 6, 4], heldOutLabelTriplet: [0.3, 0.3, 0.1, 0.7, 0.2, 0.9, 0.5, 0.4],
            heldOutLabels: [true, true, false, false, false, false, false, true]))
        XCTAssertEqual(perturbed.weights, original.weights)
        XCTAssertEqual(perturbed.selectionAUC, original.selectionAUC)
        XCTAssertNotEqual(perturbed.evaluation, original.evaluation)
    }

    func testOracleSearchesOnAllVideosAndIsLabelled() throws {
        let table = Self.makeTable()
        let oracle = try GammaSearch().runOracle(on: table)
        let honest = try GammaSearch().run(on: table)
        XCTAssertTrue(oracle.isOracle)
        XCTAssertTrue(oracle.selectionLabel.hasPrefix("oracle"))
        XCTAssertEqual(oracle.reportedVideos, ["v1", "v2", "v3", "v4"])
        XCTAssertEqual(oracle.selectionVideos, oracle.reportedVideos)
        XCTAssertNotEqual(oracle.weights, honest.weights)
        XCTAssertGreaterThan(oracle.weights.labelTriplet, 0)
        XCTAssertEqual(oracle.evaluation.auc, oracle.selectionAUC)
        // The oracle is at least as good on the test videos as any candidate, including the honest choice.
        let honestOnAll = try ScoreCombination(weights: honest.weights).evaluate(table)
        XCTAssertGreaterThan(oracle.evaluation.auc, honestOnAll.auc)
        let scored = try GammaSearch().candidateAUCs(on: table)
        XCTAssertEqual(oracle.evaluation.auc, scored.map(\.auc).max())
    }

    func testSearchErrors() {
        // Only one video.
        let single = Self.makeTable().subset(videos: ["v1"])
        XCTAssertThrowsError(try GammaSearch().run(on: single)) { error in
            XCTAssertTrue("\(error)".contains("at least two test videos"), "\(error)")
        }
        // Validation videos without anomalies.
        let rows = Self.makeTable().rows.map { row -> ScoreRow in
            var row = row
            if row.video == "v1" || row.video == "v3" { row.isAnomalous = false }
            return row
        }
        XCTAssertThrowsError(try GammaSearch().run(on: ScoreTable(rows: rows))) { error in
            XCTAssertEqual("\(error)", "γ search: the validation videos (v1, v3) have no anomalous frames; AUC is "
                + "undefined there, choose another split (for example half:SEED)")
        }
        // A precomputed score has nothing to weight.
        let scores = ScoreTable(rows: [
            ScoreRow(video: "a", frame: 0, isAnomalous: true, score: 1),
            ScoreRow(video: "a", frame: 1, isAnomalous: false, score: 0),
            ScoreRow(video: "b", frame: 0, isAnomalous: true, score: 1),
            ScoreRow(video: "b", frame: 1, isAnomalous: false, score: 0),
        ])
        XCTAssertThrowsError(try GammaSearch().runOracle(on: scores))
    }

    func testGridFollowsTheAuthorsLayout() throws {
        let paper = try GammaGrid.paper.candidates()
        XCTAssertEqual(paper.count, 66 * 4)
        for weights in paper {
            XCTAssertEqual(weights.labelTriplet + weights.motionTriplet + weights.generatorMSE, 1, accuracy: 1e-12)
            XCTAssertTrue([0.25, 0.5, 0.75, 1].contains(weights.destroyerMSE))
        }
        XCTAssertEqual(paper.first, ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0.25))
        XCTAssertEqual(Set(paper).count, paper.count)
        // At the authors' resolution (step 0.1 on the sum-5 scale) Table 10's weights are grid points.
        let fine = try GammaGrid(step: 0.1).candidates()
        XCTAssertEqual(fine.count, 1326 * 4)
        for weights in [ScoreWeights.ped2, .avenue, .shanghaiTech] {
            XCTAssertTrue(fine.contains(weights), "\(weights)")
        }
        for bad in [GammaGrid(step: 0.3), GammaGrid(step: 0), GammaGrid(step: -1), GammaGrid(step: .nan),
                    GammaGrid(step: 0.5, destroyerWeights: []), GammaGrid(step: 0.5, destroyerWeights: [-1])] {
            XCTAssertThrowsError(try bad.candidates(), "\(bad)")
        }
    }

    func testAbsentComponentsCollapseTheGrid() throws {
        // Only the generator component: every candidate is a multiple of it, so one candidate remains.
        let table = ScoreTable(rows: (0..<6).map {
            ScoreRow(video: $0 < 3 ? "a" : "b", frame: $0, isAnomalous: $0 % 3 == 2, generatorMSE: Double($0 % 3))
        })
        let scored = try GammaSearch().candidateAUCs(on: table)
        XCTAssertEqual(scored.count, 1)
        XCTAssertEqual(scored[0].weights, ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0))
        XCTAssertEqual(scored[0].auc, 1)
    }

    func testVideoSplits() throws {
        let alternate = try VideoSplit.alternate.partition(["10", "2", "1", "3", "2"])
        XCTAssertEqual(alternate.validation, ["1", "3"])
        XCTAssertEqual(alternate.heldOut, ["2", "10"])

        let videos = (1...12).map { String(format: "Test%03d", $0) }
        let first = try VideoSplit.seededHalf(seed: 42).partition(videos)
        let again = try VideoSplit.seededHalf(seed: 42).partition(videos.reversed())
        XCTAssertEqual(first.validation, again.validation)
        XCTAssertEqual(first.heldOut, again.heldOut)
        XCTAssertEqual(first.validation.count, 6)
        XCTAssertEqual(Set(first.validation + first.heldOut), Set(videos))
        XCTAssertTrue(Set(first.validation).isDisjoint(with: first.heldOut))
        let seeds = (0..<8).map { try? VideoSplit.seededHalf(seed: UInt64($0)).partition(videos).validation }
        XCTAssertGreaterThan(Set(seeds.compactMap { $0 }).count, 1, "different seeds should give different splits")

        XCTAssertEqual(try VideoSplit(parsing: "alternate"), .alternate)
        XCTAssertEqual(try VideoSplit(parsing: "half:7"), .seededHalf(seed: 7))
        XCTAssertThrowsError(try VideoSplit(parsing: "half:x"))
        XCTAssertThrowsError(try VideoSplit.alternate.partition(["only"]))
    }
}
