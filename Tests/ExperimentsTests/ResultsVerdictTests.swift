import Foundation
import Metrics
import XCTest
@testable import Experiments

/// Verdicts under a table: claims tested from the runs' per-video pair counts, cells marked against the reference
/// row, and the same verdicts after `f2lm tables` re-renders from results/ alone.
final class ResultsVerdictTests: XCTestCase {
    /// Six test videos of 30 frames, anomalous frames 10..<20 in videos 0–3; score = signal on anomalous frames +
    /// uniform noise (SplitMix64 stream `seed`).
    static func counts(signal: Double, seed: UInt64) throws -> VideoPairCounts {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var scores: [Double] = [], labels: [Bool] = [], videos: [String] = []
        for video in 0..<6 {
            for frame in 0..<30 {
                let anomalous = video < 4 && (10..<20).contains(frame)
                scores.append(uniform() + (anomalous ? signal : 0))
                labels.append(anomalous)
                videos.append("\(video)")
            }
        }
        return try VideoPairCounts(scores: scores, labels: labels, videos: videos)
    }

    static let layout = PaperTableDescription(
        spec: "noise", title: "Table 6", rows: ["None", "Dropout(CD)", "Dropout(CI)"],
        datasets: [.init(key: "walkway", displayName: "walkway (Ped2)")], claims: [.order(["Dropout(CI)", "Dropout(CD)", "None"])],
        reference: "Dropout(CI)")

    /// CI strong, CD weak, None as strong as CI: the ordering is contradicted (None beats CD).
    static func fixture() throws -> (RunsCSV, VideoPairsFile) {
        var records: [RunsCSV.Record] = []
        var pairs = VideoPairsFile()
        for (index, (row, signal)) in [("None", 0.7), ("Dropout(CD)", 0.1), ("Dropout(CI)", 0.7)].enumerated() {
            for seed in 0..<3 {
                let counts = try counts(signal: signal, seed: UInt64(100 * index + seed))
                let hash = "\(row)-\(seed)"
                records.append(RunsCSV.Record(spec: "noise", row: row, dataset: "walkway", seed: seed, auc: counts.auc,
                                              runHash: hash, status: .done))
                pairs.runs[hash] = counts
            }
        }
        return (RunsCSV(records: records), pairs)
    }

    func testVerdictsAndReferenceMarksAreWrittenUnderTheTable() throws {
        let (runs, pairs) = try Self.fixture()
        let table = PaperTable(description: Self.layout, records: runs.records, pairs: pairs)
        let entry = try XCTUnwrap(table.verdicts.claims.first)
        XCTAssertEqual(entry.dataset, "walkway")
        XCTAssertEqual(entry.verdict.verdict, .contradicts)
        XCTAssertEqual(entry.verdict.comparisons.map(\.direction), [.better, .worse])
        XCTAssertEqual(table.referenceMark(row: "Dropout(CD)", dataset: "walkway"), " ▼")
        XCTAssertEqual(table.referenceMark(row: "None", dataset: "walkway"), "")
        let markdown = table.markdown()
        XCTAssertTrue(markdown.contains("| Dropout(CI) > Dropout(CD) > None | walkway (Ped2) | **contradicts** | 3 | "),
                      markdown)
        XCTAssertTrue(markdown.contains("(97.5%)"), markdown)  // two comparisons: 95% split in two
        XCTAssertTrue(markdown.contains("n = 3 seeds (0, 1, 2)"), markdown)
        let cdLine = try XCTUnwrap(markdown.split(separator: "\n").first { $0.hasPrefix("| Dropout(CD) |") })
        XCTAssertTrue(cdLine.contains(" ▼"), String(cdLine))
    }

    func testTablesReRenderedFromResultsKeepTheVerdicts() throws {
        let (runs, pairs) = try Self.fixture()
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("verdicts-" + UUID().uuidString)
        let folder = ResultsFolder(root: root)
        try folder.writeRuns(runs, spec: "noise")
        try pairs.write(to: folder.pairsURL(spec: "noise"))
        try folder.writeTable(Self.layout, runs: runs)
        let first = try String(contentsOf: folder.specDirectory("noise").appendingPathComponent("table.md"), encoding: .utf8)
        XCTAssertEqual(try folder.rerenderAll(), ["noise"])
        let again = try String(contentsOf: folder.specDirectory("noise").appendingPathComponent("table.md"), encoding: .utf8)
        XCTAssertEqual(first, again)
        XCTAssertTrue(again.contains("**contradicts**"))
        let json = try PaperTableDescription.read(from: folder.specDirectory("noise").appendingPathComponent("table.json"))
        XCTAssertEqual(json.verdicts?.claims.first?.verdict.verdict, .contradicts)
        XCTAssertTrue(try String(contentsOf: folder.tablesURL, encoding: .utf8).contains("**contradicts**"))
        // Without the pair counts nothing can be tested, and the table says so.
        try FileManager.default.removeItem(at: folder.pairsURL(spec: "noise"))
        try folder.rerenderAll()
        let untested = try String(contentsOf: folder.specDirectory("noise").appendingPathComponent("table.md"), encoding: .utf8)
        XCTAssertTrue(untested.contains("| untested |"), untested)
    }
}
