import Foundation
import XCTest
@testable import Experiments

final class ResultsComparisonTests: XCTestCase {
    static let header = "spec,row,dataset,seed,fusion,auc,eer,auc_label_triplet,auc_motion_triplet,auc_generator_mse,"
        + "auc_destroyer_mse,seconds_dataset,seconds_generator,seconds_destroyer,seconds_scores,seconds_evaluation,run_hash,status\n"
    // Written by hand: SE seed 0 has the same hash in both files, SE seed 1 changed hash (paired by row/dataset/seed),
    // Old is only in A, New only in B.
    static let a = header + """
    t4,SE,walkway,0,se,0.900000,0.150000,,,,,1,2,3,4,5,h1,done
    t4,SE,walkway,1,se,0.920000,0.130000,,,,,1,2,3,4,5,h2,done
    t4,Add,walkway,0,add,0.850000,,,,,,,,,,,h3,done
    t4,Old,walkway,0,x,0.500000,,,,,,,,,,,h9,done

    """
    static let b = header + """
    t4,New,walkway,0,y,0.700000,,,,,,,,,,,h10,done
    t4,SE,walkway,0,se,0.910000,0.140000,,,,,1,2,3,4,5,h1,done
    t4,SE,walkway,1,se,0.940000,0.120000,,,,,1,2,3,4,5,hX,done
    t4,Add,walkway,0,add,0.800000,,,,,,,,,,,h3,done

    """

    private func files() throws -> (URL, URL) {
        let folder = makeScratchFolder(self)
        let first = folder.appendingPathComponent("A.csv")
        let second = folder.appendingPathComponent("B.csv")
        try Self.a.write(to: first, atomically: true, encoding: .utf8)
        try Self.b.write(to: second, atomically: true, encoding: .utf8)
        return (first, second)
    }

    func testByHashThenByRowDatasetSeed() throws {
        let (first, second) = try files()
        let comparison = try ResultsComparison(contentsOf: first, second, by: .hash)
        let entries = comparison.entries
        XCTAssertEqual(entries.map { "\($0.row)/\($0.seed!)/\($0.matchedBy)" },
                       ["SE/0/hash", "SE/1/key", "Add/0/hash", "Old/0/", "New/0/"])
        XCTAssertEqual(entries[0].difference("auc")!, 0.01, accuracy: 1e-12)
        XCTAssertEqual(entries[1].difference("eer")!, -0.01, accuracy: 1e-12)
        XCTAssertNil(entries[2].difference("eer"))
        XCTAssertNil(entries[3].b)
        XCTAssertNil(entries[4].a)
        XCTAssertEqual(comparison.shownMetrics, ["auc", "eer"])

        let text = comparison.render(nameA: "A.csv", nameB: "B.csv")
        let expected = """
        A = A.csv
        B = B.csv
        aligned by run hash, else (row, dataset, seed); metrics in %, Δ = B − A; 3 paired, 1 only in A, 1 only in B
        \(ComparisonNoiseTest.legend)

        spec  row  dataset  seed  auc A  auc B      Δ  eer A  eer B      Δ  AUC Δ beyond noise?                       note
        t4    SE   walkway  0     90.00  91.00  +1.00  15.00  14.00  -1.00  no test (one seed and no per-video data)
        t4    SE   walkway  1     92.00  94.00  +2.00  13.00  12.00  -1.00  no test (one seed and no per-video data)
        t4    Add  walkway  0     85.00  80.00  -5.00      —      —      —  no test (one seed and no per-video data)
        t4    Old  walkway  0     50.00      —      —      —      —      —                                            only in A
        t4    New  walkway  0         —  70.00      —      —      —      —                                            only in B

        """
        XCTAssertEqual(text, expected)
    }

    func testByRowAveragesOverSeeds() throws {
        let (first, second) = try files()
        let comparison = try ResultsComparison(contentsOf: first, second, by: .row)
        XCTAssertEqual(comparison.entries.map(\.row), ["SE", "Add", "Old", "New"])
        let se = comparison.entries[0]
        XCTAssertEqual(se.a!.metrics["auc"]!, 0.91, accuracy: 1e-12)
        XCTAssertEqual(se.b!.metrics["auc"]!, 0.925, accuracy: 1e-12)
        XCTAssertEqual(se.difference("auc")!, 0.015, accuracy: 1e-12)
        XCTAssertEqual(se.a!.status, "2/2 done")
        let text = comparison.render(nameA: "A.csv", nameB: "B.csv")
        XCTAssertTrue(text.contains("t4    SE   walkway  2/2 done  2/2 done  91.00  92.50  +1.50"), text)
        // Two seeds, no per-video data: the paired t interval over seeds (+1, +2 points: t(1) = 12.706).
        XCTAssertEqual(se.noise?.method, .pairedT)
        XCTAssertEqual(se.noise?.lower ?? 0, 0.015 - 12.706 * 0.005, accuracy: 1e-9)
        XCTAssertEqual(se.noise?.isBeyondNoise, false)
        XCTAssertTrue(text.contains("no +1.5 [-4.9, +7.9] (paired t, 2 seeds)"), text)
        XCTAssertTrue(text.contains("only in A") && text.contains("only in B"), text)
    }

    func testStatusChangeIsNoted() throws {
        let a = try RunsCSV.parse(Self.header + "t4,SE,walkway,0,se,0.9,,,,,,,,,,,h1,done\n", file: "A.csv")
        let b = try RunsCSV.parse(Self.header + "t4,SE,walkway,0,se,,,,,,,,,,,,h1,failed\n", file: "B.csv")
        let text = ResultsComparison(a, b).render(nameA: "A.csv", nameB: "B.csv")
        XCTAssertTrue(text.hasSuffix("t4    SE   walkway  0     90.00      —  —  no test (no finished seed on both sides)  "
                                     + "status done → failed\n"), text)
    }

    func testWithPerVideoPairsTheVarianceComponentsDecide() throws {
        // The same three seeds in A and B with per-video pair counts beside each runs.csv: B's runs separate the
        // anomalies much better, so the difference is beyond noise; equal runs are not.
        let root = makeScratchFolder(self)
        var files: [URL] = []
        for (side, signal) in [("A", 0.1), ("B", 0.7)] {
            let folder = root.appendingPathComponent(side, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var text = Self.header
            var pairs = VideoPairsFile()
            for seed in 0..<3 {
                let strong = try ResultsVerdictTests.counts(signal: signal, seed: UInt64(seed + (side == "A" ? 0 : 10)))
                let same = try ResultsVerdictTests.counts(signal: 0.4, seed: UInt64(seed + 20))
                text += "t4,SE,walkway,\(seed),se,\(strong.auc),,,,,,,,,,,\(side)se\(seed),done\n"
                text += "t4,Add,walkway,\(seed),add,\(same.auc),,,,,,,,,,,add\(seed),done\n"
                pairs.runs["\(side)se\(seed)"] = strong
                pairs.runs["add\(seed)"] = same
            }
            try text.write(to: folder.appendingPathComponent("runs.csv"), atomically: true, encoding: .utf8)
            try pairs.write(to: VideoPairsFile.url(in: folder))
            files.append(folder.appendingPathComponent("runs.csv"))
        }
        let comparison = try ResultsComparison(contentsOf: files[0], files[1], by: .row)
        let se = try XCTUnwrap(comparison.entries.first { $0.row == "SE" }?.noise)
        XCTAssertEqual(se.method, .varianceComponents)
        XCTAssertEqual(se.seeds, 3)
        XCTAssertEqual(se.isBeyondNoise, true)
        let difference = try XCTUnwrap(se.difference)
        XCTAssertGreaterThan(difference.minimumDetectable, 0)
        XCTAssertTrue(se.text.contains("MDD \(difference.minimumDetectableText) (seed × video t, 3 seeds × "
                                       + "\(difference.videoCount) videos)"), se.text)
        let add = try XCTUnwrap(comparison.entries.first { $0.row == "Add" }?.noise)
        XCTAssertEqual(add.method, .varianceComponents)
        XCTAssertEqual(add.isBeyondNoise, false)
        XCTAssertEqual(add.estimate, 0)
    }

    func testMalformedFileNamesFileAndLine() throws {
        let folder = makeScratchFolder(self)
        let bad = folder.appendingPathComponent("bad.csv")
        try (Self.header + "t4,SE,walkway,0,se,0.9\n").write(to: bad, atomically: true, encoding: .utf8)
        let (first, _) = try files()
        XCTAssertThrowsError(try ResultsComparison(contentsOf: first, bad)) {
            XCTAssertEqual("\($0)", "\(bad.path):2: expected 18 fields, found 6")
        }
    }
}
