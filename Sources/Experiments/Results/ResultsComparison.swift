import Foundation
import Metrics

/// Two runs.csv files side by side (`f2lm compare A.csv B.csv [--by hash|row|config]`).
///
/// - `.hash`: a row of A is paired with the row of B with the same run hash; rows left unpaired are then paired by
///   (spec, row, dataset, seed).
/// - `.row`: rows are grouped by (spec, row, dataset) in each file and each metric averaged over the group's
///   finished runs (status `done`), then groups are paired by that key.
/// - `.config`: runs are grouped by resolved configuration (dataset and parameters, whatever spec or row label holds
///   them) and averaged like `.row`; the entry notes when two labels are one configuration
///   (`ResultsComparison+Configuration`).
///
/// A row label includes its column (", <column>") when the table's columns are grid values.
///
/// Every metric is shown for A and B with Δ = B − A, in percentage points; entries present in only one file are
/// marked "only in A" / "only in B".
public struct ResultsComparison: Sendable {
    /// How rows are paired.
    public enum Alignment: String, Sendable, CaseIterable {
        /// By run hash, falling back to (spec, row, dataset, seed).
        case hash
        /// By (spec, row, dataset), averaged over seeds.
        case row
        /// By resolved configuration (dataset and parameters), averaged over seeds, whatever the spec or row label.
        case config
    }

    /// Metric values of one side (fractions in [0, 1], keyed by runs.csv column), with what was averaged.
    public struct Side: Sendable, Equatable {
        /// Metric column → value (absent when unknown).
        public var metrics: [String: Double]
        /// Status of the run (`.hash`), or "k/n done" (`.row`).
        public var status: String
        /// Seed → run hash of the finished runs behind the side.
        public var finishedRuns: [Int: String] = [:]
        /// Seed → AUC of the finished runs behind the side.
        public var seedAUCs: [Int: Double] = [:]
    }

    /// One aligned line.
    public struct Entry: Sendable, Equatable {
        /// Spec name.
        public var spec: String
        /// Row label.
        public var row: String
        /// Dataset key.
        public var dataset: String
        /// Seed (`.hash` alignment) or nil (`.row`, averaged).
        public var seed: Int?
        /// Values in A, nil when the entry is only in B.
        public var a: Side?
        /// Values in B, nil when the entry is only in A.
        public var b: Side?
        /// How the pair was matched: "hash", "key", or "" for unpaired entries.
        public var matchedBy: String
        /// Whether B's AUC differs from A's beyond noise (nil until `testNoise` ran, or for unpaired entries).
        public var noise: ComparisonNoiseTest?
        /// What the alignment noticed, e.g. (`.config`) that two labels are one configuration; "" when nothing.
        public var note: String = ""

        /// B − A for a metric, nil when either side lacks it.
        public func difference(_ metric: String) -> Double? {
            guard let x = a?.metrics[metric], let y = b?.metrics[metric] else { return nil }
            return y - x
        }
    }

    /// The alignment used.
    public let alignment: Alignment
    /// Aligned entries: A's order first, then the entries only in B in B's order.
    public let entries: [Entry]

    /// Aligns two results files.
    public init(_ a: RunsCSV, _ b: RunsCSV, by alignment: Alignment = .hash) {
        self.init(a, b, by: alignment, pairsA: VideoPairsFile(), pairsB: VideoPairsFile())
    }

    /// Aligns two files and tests every paired entry's AUC difference for noise (`ComparisonNoiseTest`), with the
    /// per-video pair counts of each side when given.
    public init(_ a: RunsCSV, _ b: RunsCSV, by alignment: Alignment = .hash, pairsA: VideoPairsFile, pairsB: VideoPairsFile) {
        self.alignment = alignment
        let aligned: [Entry]
        switch alignment {
        case .hash: aligned = Self.alignRuns(a.records, b.records)
        case .row: aligned = Self.alignGroups(a.records, b.records)
        case .config: aligned = Self.alignConfigurations(a.records, b.records)
        }
        entries = aligned.map { entry in
            var entry = entry
            if let left = entry.a, let right = entry.b {
                entry.noise = ComparisonNoiseTest(a: left, b: right, pairsA: pairsA, pairsB: pairsB)
            }
            return entry
        }
    }

    /// Reads and aligns two files (errors name the file and line), with the `video_pairs.json` beside each when it
    /// exists, and tests each paired entry for noise.
    public init(contentsOf a: URL, _ b: URL, by alignment: Alignment = .hash) throws {
        self.init(try RunsCSV.read(from: a), try RunsCSV.read(from: b), by: alignment,
                  pairsA: try VideoPairsFile.read(from: VideoPairsFile.url(in: a.deletingLastPathComponent())),
                  pairsB: try VideoPairsFile.read(from: VideoPairsFile.url(in: b.deletingLastPathComponent())))
    }

    private static func side(_ record: RunsCSV.Record) -> Side {
        var metrics: [String: Double] = [:]
        for column in RunsCSV.metricColumns { metrics[column] = record.metric(column) }
        var side = Side(metrics: metrics, status: record.status.rawValue)
        if record.status == .done, let auc = record.auc {
            side.finishedRuns[record.seed] = record.runHash
            side.seedAUCs[record.seed] = auc
        }
        return side
    }

    private struct RunKey: Hashable { var spec, row, dataset: String; var seed: Int? }

    private static func alignRuns(_ a: [RunsCSV.Record], _ b: [RunsCSV.Record]) -> [Entry] {
        func key(_ record: RunsCSV.Record) -> RunKey {
            RunKey(spec: record.spec, row: RunsCSV.Record.configurationRow(row: record.row, column: record.column),
                   dataset: record.dataset, seed: record.seed)
        }
        var usedB = [Bool](repeating: false, count: b.count)
        var pairs = [Int?](repeating: nil, count: a.count)
        var how = [String](repeating: "", count: a.count)
        var bByHash: [String: [Int]] = [:]
        for (index, record) in b.enumerated() where !record.runHash.isEmpty { bByHash[record.runHash, default: []].append(index) }
        for (index, record) in a.enumerated() where !record.runHash.isEmpty {
            if let match = bByHash[record.runHash]?.first(where: { !usedB[$0] }) {
                usedB[match] = true
                pairs[index] = match
                how[index] = "hash"
            }
        }
        var bByKey: [RunKey: [Int]] = [:]
        for (index, record) in b.enumerated() where !usedB[index] {
            bByKey[key(record), default: []].append(index)
        }
        for (index, record) in a.enumerated() where pairs[index] == nil {
            if let match = bByKey[key(record)]?.first(where: { !usedB[$0] }) {
                usedB[match] = true
                pairs[index] = match
                how[index] = "key"
            }
        }
        var entries: [Entry] = []
        for (index, record) in a.enumerated() {
            entries.append(Entry(spec: record.spec, row: key(record).row, dataset: record.dataset, seed: record.seed,
                                 a: side(record), b: pairs[index].map { side(b[$0]) }, matchedBy: how[index]))
        }
        for (index, record) in b.enumerated() where !usedB[index] {
            entries.append(Entry(spec: record.spec, row: key(record).row, dataset: record.dataset, seed: record.seed,
                                 a: nil, b: side(record), matchedBy: ""))
        }
        return entries
    }

    private static func groups(_ records: [RunsCSV.Record]) -> (order: [RunKey], sides: [RunKey: Side]) {
        var order: [RunKey] = []
        var members: [RunKey: [RunsCSV.Record]] = [:]
        for record in records {
            let key = RunKey(spec: record.spec, row: RunsCSV.Record.configurationRow(row: record.row, column: record.column),
                             dataset: record.dataset, seed: nil)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(record)
        }
        var sides: [RunKey: Side] = [:]
        for (key, group) in members { sides[key] = averagedSide(group, firstRunPerSeed: false) }
        return (order, sides)
    }

    /// The side of a group of runs: each metric averaged over its finished runs, status "k/n done", and per seed the
    /// run hash and AUC of a finished run (the first of a seed with `firstRunPerSeed`, else the last).
    static func averagedSide(_ runs: [RunsCSV.Record], firstRunPerSeed: Bool) -> Side {
        let done = runs.filter { $0.status == .done }
        var metrics: [String: Double] = [:]
        for column in RunsCSV.metricColumns {
            let values = done.compactMap { $0.metric(column) }
            if !values.isEmpty { metrics[column] = values.reduce(0, +) / Double(values.count) }
        }
        var side = Side(metrics: metrics, status: "\(done.count)/\(runs.count) done")
        for record in done where !firstRunPerSeed || side.seedAUCs[record.seed] == nil {
            guard let auc = record.auc else { continue }
            side.finishedRuns[record.seed] = record.runHash
            side.seedAUCs[record.seed] = auc
        }
        return side
    }

    private static func alignGroups(_ a: [RunsCSV.Record], _ b: [RunsCSV.Record]) -> [Entry] {
        let left = groups(a)
        let right = groups(b)
        var entries: [Entry] = []
        for key in left.order {
            entries.append(Entry(spec: key.spec, row: key.row, dataset: key.dataset, seed: nil, a: left.sides[key],
                                 b: right.sides[key], matchedBy: right.sides[key] == nil ? "" : "key"))
        }
        for key in right.order where left.sides[key] == nil {
            entries.append(Entry(spec: key.spec, row: key.row, dataset: key.dataset, seed: nil, a: nil,
                                 b: right.sides[key], matchedBy: ""))
        }
        return entries
    }

    /// The metric columns with a value on either side of some entry, in runs.csv order.
    public var shownMetrics: [String] {
        RunsCSV.metricColumns.filter { metric in
            entries.contains { $0.a?.metrics[metric] != nil || $0.b?.metrics[metric] != nil }
        }
    }

    /// A text table: "A = …, B = …", then aligned columns spec, row, dataset, seed (or seeds done), and for each
    /// shown metric "<metric> A", "<metric> B", "Δ" in % with two decimals, then a note: "only in A", "only in B",
    /// or (by hash) "status done → failed" when the two runs' statuses differ.
    public func render(nameA: String, nameB: String) -> String {
        let metrics = shownMetrics
        var header = ["spec", "row", "dataset", alignment == .hash ? "seed" : "runs A", ]
        if alignment != .hash { header.append("runs B") }
        for metric in metrics { header += ["\(metric) A", "\(metric) B", "Δ"] }
        header.append("AUC Δ beyond noise?")
        header.append("note")
        func percent(_ value: Double?) -> String { value.map { String(format: "%.2f", $0 * 100) } ?? "—" }
        func signed(_ value: Double?) -> String { value.map { String(format: "%+.2f", $0 * 100) } ?? "—" }
        var rows: [[String]] = []
        for entry in entries {
            var fields = [entry.spec, entry.row, entry.dataset]
            if alignment == .hash {
                fields.append(entry.seed.map(String.init) ?? "")
            } else {
                fields += [entry.a?.status ?? "—", entry.b?.status ?? "—"]
            }
            for metric in metrics {
                fields += [percent(entry.a?.metrics[metric]), percent(entry.b?.metrics[metric]), signed(entry.difference(metric))]
            }
            fields.append(entry.noise?.text ?? "")
            var notes: [String] = []
            if let a = entry.a, let b = entry.b {
                if alignment == .hash && a.status != b.status { notes.append("status \(a.status) → \(b.status)") }
            } else {
                notes.append(entry.a == nil ? "only in B" : "only in A")
            }
            if !entry.note.isEmpty { notes.append(entry.note) }
            fields.append(notes.joined(separator: "; "))
            rows.append(fields)
        }
        var widths = header.map(\.count)
        for row in rows { for (index, field) in row.enumerated() { widths[index] = max(widths[index], field.count) } }
        let numericStart = alignment == .hash ? 4 : 5
        func format(_ fields: [String]) -> String {
            fields.enumerated().map { index, field in
                let padding = String(repeating: " ", count: widths[index] - field.count)
                let isNumeric = index >= numericStart && index < fields.count - 2
                return isNumeric ? padding + field : field + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let onlyA = entries.filter { $0.b == nil }.count
        let onlyB = entries.filter { $0.a == nil }.count
        var lines = ["A = \(nameA)", "B = \(nameB)",
                     "aligned by \(alignment.legend); "
                     + "metrics in %, Δ = B − A; \(entries.count - onlyA - onlyB) paired, \(onlyA) only in A, \(onlyB) only in B",
                     ComparisonNoiseTest.legend, ""]
        lines.append(format(header))
        lines += rows.map(format)
        return lines.joined(separator: "\n") + "\n"
    }
}
