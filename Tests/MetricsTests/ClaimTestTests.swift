import XCTest
@testable import Metrics

/// The verdict statistics on constructed data: per-video pair counts reproduce the pooled AUC of any video
/// resample, a known AUC difference is found, its reverse is contradicted, equal inputs give "cannot tell".
final class ClaimTestTests: XCTestCase {
    /// Eight test videos of 40 frames; videos 0–5 have anomalous frames 15..<27, videos 6 and 7 none.
    /// Score = `signal` on anomalous frames + uniform noise in [0, 1) from a SplitMix64 seeded with `seed`.
    static func run(signal: Double, seed: UInt64) throws -> VideoPairCounts {
        var generator = SplitMix64(seed: seed)
        var scores: [Double] = []
        var labels: [Bool] = []
        var videos: [String] = []
        for video in 0..<8 {
            for frame in 0..<40 {
                let anomalous = video < 6 && (15..<27).contains(frame)
                let noise = Double(generator.next() >> 11) / Double(1 << 53)
                scores.append(noise + (anomalous ? signal : 0))
                labels.append(anomalous)
                videos.append("video\(video)")
            }
        }
        return try VideoPairCounts(scores: scores, labels: labels, videos: videos)
    }

    /// A row's runs for seeds 0, 1, 2 (each seed its own noise: `base + seed`).
    static func row(signal: Double, base: UInt64) throws -> SeedRuns {
        var runs: SeedRuns = [:]
        for seed in 0..<3 { runs[seed] = try run(signal: signal, seed: base + UInt64(seed)) }
        return runs
    }

    func testPairCountsGiveThePooledAUCOfAnyResample() throws {
        // Heavy ties (scores rounded to one decimal) so the ½ of tied pairs matters.
        let scores = [0.1, 0.4, 0.35, 0.8, 0.8, 0.2, 0.4, 0.05, 0.9, 0.35, 0.6, 0.1, 0.4, 0.8, 0.1]
        let labels = [0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0].map { $0 == 1 }
        let videos = ["b", "a", "a", "c", "c", "a", "b", "b", "c", "a", "c", "b", "c", "a", "c"]
        let pairs = try VideoPairCounts(scores: scores, labels: labels, videos: videos)
        XCTAssertEqual(pairs.videos, ["a", "b", "c"])
        XCTAssertEqual(pairs.auc, try ROCCurve(scores: scores, labels: labels).area, accuracy: 1e-15)
        // Video a twice, b never, c three times: the same frames duplicated give the same pooled AUC.
        let multiplicities = ["a": 2, "b": 0, "c": 3]
        var resampledScores: [Double] = []
        var resampledLabels: [Bool] = []
        for (index, video) in videos.enumerated() {
            for _ in 0..<multiplicities[video]! {
                resampledScores.append(scores[index])
                resampledLabels.append(labels[index])
            }
        }
        let expected = try ROCCurve(scores: resampledScores, labels: resampledLabels).area
        XCTAssertEqual(pairs.auc(multiplicities: [2, 0, 3])!, expected, accuracy: 1e-15)
        // Only video b: it has no anomalous frame, so no AUC.
        XCTAssertNil(pairs.auc(multiplicities: [0, 3, 0]))
    }

    func testAKnownDifferenceIsFoundAndItsReverseContradicted() throws {
        let strong = try Self.row(signal: 0.6, base: 100)
        let weak = try Self.row(signal: 0.1, base: 200)
        let rows = ["strong": strong, "weak": weak]
        let test = ClaimTest()
        let forward = test.evaluate(.order(["strong", "weak"]), rows: rows, allRows: ["strong", "weak"])
        XCTAssertEqual(forward.verdict, .supports)
        XCTAssertEqual(forward.comparisons.count, 1)
        let difference = forward.comparisons[0]
        XCTAssertEqual(difference.seeds, [0, 1, 2])
        XCTAssertEqual(difference.level, 0.95, accuracy: 1e-12)
        let expected = (0..<3).map { strong[$0]!.auc - weak[$0]!.auc }.reduce(0, +) / 3
        XCTAssertEqual(difference.estimate, expected, accuracy: 1e-12)
        XCTAssertGreaterThan(difference.lower, 0)
        XCTAssertLessThan(difference.lower, difference.estimate)
        XCTAssertGreaterThan(difference.upper, difference.estimate)

        let reverse = test.evaluate(.order(["weak", "strong"]), rows: rows, allRows: ["strong", "weak"])
        XCTAssertEqual(reverse.verdict, .contradicts)
        XCTAssertEqual(reverse.comparisons[0].estimate, -difference.estimate, accuracy: 1e-12)
    }

    func testEqualInputsCannotTell() throws {
        let row = try Self.row(signal: 0.3, base: 300)
        let same = ClaimTest().evaluate(.order(["a", "b"]), rows: ["a": row, "b": row], allRows: ["a", "b"])
        XCTAssertEqual(same.verdict, .cannotTell)
        XCTAssertEqual(same.comparisons[0].estimate, 0)
        // Same signal, other noise: no difference beyond noise either way.
        let other = try Self.row(signal: 0.3, base: 400)
        let twin = ClaimTest().evaluate(.order(["a", "b"]), rows: ["a": row, "b": other], allRows: ["a", "b"])
        XCTAssertEqual(twin.verdict, .cannotTell)
        XCTAssertLessThan(twin.comparisons[0].lower, 0)
        XCTAssertGreaterThan(twin.comparisons[0].upper, 0)
    }

    func testBestAndOrderingClaims() throws {
        let rows = ["x": try Self.row(signal: 0.8, base: 10), "y": try Self.row(signal: 0.35, base: 20),
                    "z": try Self.row(signal: 0.0, base: 30)]
        let all = ["z", "y", "x"]
        let test = ClaimTest()
        let best = test.evaluate(.best("x"), rows: rows, allRows: all)
        XCTAssertEqual(best.verdict, .supports)
        XCTAssertEqual(best.comparisons.map(\.worse), ["z", "y"])
        XCTAssertEqual(best.level, 0.95, accuracy: 1e-12)  // supports: intersection–union, full level
        XCTAssertEqual(best.contradictionLevel, 0.975, accuracy: 1e-12)  // contradicts: Bonferroni over two
        XCTAssertEqual(test.evaluate(.best("z"), rows: rows, allRows: all).verdict, .contradicts)
        XCTAssertEqual(test.evaluate(.order(["x", "y", "z"]), rows: rows, allRows: all).verdict, .supports)
        XCTAssertEqual(test.evaluate(.order(["x", "z", "y"]), rows: rows, allRows: all).verdict, .contradicts)
        // A row without runs: nothing to test.
        let missing = test.evaluate(.order(["x", "w"]), rows: rows, allRows: all + ["w"])
        XCTAssertEqual(missing.verdict, .untested)
        XCTAssertEqual(missing.problems, ["row 'w' has no finished run"])
    }

    func testSeedNoiseIsPartOfTheInterval() throws {
        // A beats B clearly on seeds 0 and 1, but loses clearly on seed 2: the seed variance component carries it
        // and the claim cannot be decided; one seed alone (test videos the only noise) would call it.
        let a: SeedRuns = [0: try Self.run(signal: 0.8, seed: 1), 1: try Self.run(signal: 0.8, seed: 2),
                           2: try Self.run(signal: 0.05, seed: 3)]
        let b: SeedRuns = [0: try Self.run(signal: 0.2, seed: 4), 1: try Self.run(signal: 0.2, seed: 5),
                           2: try Self.run(signal: 0.6, seed: 6)]
        let rows = ["a": a, "b": b]
        XCTAssertEqual(ClaimTest().evaluate(.order(["a", "b"]), rows: rows, allRows: ["a", "b"]).verdict, .cannotTell)
        let difference = try PairedDifferenceInterval().difference(better: "a", a, worse: "b", b)
        XCTAssertGreaterThan(difference.components.seedVariance, difference.components.videoVariance)
        XCTAssertEqual(difference.degreesOfFreedom, 2, accuracy: 0.5)  // the seeds' two degrees of freedom dominate
        let oneSeed = ClaimTest().evaluate(.order(["a", "b"]), rows: ["a": [0: a[0]!], "b": [0: b[0]!]],
                                           allRows: ["a", "b"])
        XCTAssertEqual(oneSeed.verdict, .supports)
    }

    func testResultsAreReproducibleAndSeedsArePaired() throws {
        let a = try Self.row(signal: 0.5, base: 50)
        var b = try Self.row(signal: 0.3, base: 60)
        b[1] = nil  // seed 1 failed in row b: only seeds 0 and 2 are paired
        let first = try PairedDifferenceInterval().difference(better: "a", a, worse: "b", b)
        let second = try PairedDifferenceInterval().difference(better: "a", a, worse: "b", b)
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.seeds, [0, 2])
        XCTAssertEqual(first.estimate, ((a[0]!.auc - b[0]!.auc) + (a[2]!.auc - b[2]!.auc)) / 2, accuracy: 1e-12)
        XCTAssertThrowsError(try PairedDifferenceInterval().difference(better: "a", [5: a[0]!], worse: "b", b))
    }

    func testRunsOnOtherTestFramesAreNotCompared() throws {
        let a: SeedRuns = [0: try Self.run(signal: 0.5, seed: 1)]
        let other = try VideoPairCounts(scores: [0.1, 0.9, 0.2], labels: [false, true, false], videos: ["v", "v", "w"])
        XCTAssertThrowsError(try PairedDifferenceInterval().difference(better: "a", a, worse: "b", [0: other])) { error in
            XCTAssertTrue("\(error)".contains("other test frames"), "\(error)")
        }
    }

    func testClaimTextGrammar() throws {
        let rows = ["λ = 1", "λ = 4", "Dropout(CI)", "Dropout(CD)", "None"]
        XCTAssertEqual(try Claim(parsing: "λ = 4 is best", rows: rows), .best("λ = 4"))
        XCTAssertEqual(try Claim(parsing: "4 is best", rows: rows, aliases: ["4": "λ = 4"]), .best("λ = 4"))
        XCTAssertEqual(try Claim(parsing: " Dropout(CI) > Dropout(CD) > None ", rows: rows),
                       .order(["Dropout(CI)", "Dropout(CD)", "None"]))
        XCTAssertEqual(Claim.order(["a", "b", "c"]).comparisons(allRows: ["a", "b", "c"]).map { "\($0.better)>\($0.worse)" },
                       ["a>b", "b>c"])
        XCTAssertThrowsError(try Claim(parsing: "λ = 7 is best", rows: rows)) { error in
            XCTAssertTrue("\(error)".contains("no row 'λ = 7'"), "\(error)")
        }
        XCTAssertThrowsError(try Claim(parsing: "None", rows: rows))
        XCTAssertThrowsError(try Claim(parsing: "None > None", rows: rows))
        let encoded = try JSONEncoder().encode([Claim.best("x"), .order(["a", "b"])])
        XCTAssertEqual(try JSONDecoder().decode([Claim].self, from: encoded), [.best("x"), .order(["a", "b"])])
    }
}

final class PairedTTestTests: XCTestCase {
    func testIntervalOfThreeSeedDifferences() throws {
        // scipy.stats.t.interval(0.95, 2, loc=2, scale=1/np.sqrt(3)) = (-0.4841, 4.4841)
        let test = try XCTUnwrap(PairedTTest(differences: [1, 2, 3]))
        XCTAssertEqual(test.mean, 2)
        XCTAssertEqual(test.lower, -0.4841, accuracy: 1e-3)
        XCTAssertEqual(test.upper, 4.4841, accuracy: 1e-3)
        XCTAssertFalse(test.isBeyondNoise)
        XCTAssertTrue(try XCTUnwrap(PairedTTest(differences: [2.0, 2.1, 1.9, 2.05])).isBeyondNoise)
        XCTAssertNil(PairedTTest(differences: [1]))
    }
}
