import Foundation
import JobRunner

/// The results folder (`results/` by default): `<spec>/runs.csv`, `<spec>/video_pairs.json`,
/// `<spec>/table.{md,csv,json}`, `TABLES.md`,
/// `TABLES.json`. Everything a table needs is in the folder, so tables can be re-rendered without running anything.
public struct ResultsFolder: Sendable {
    /// The folder.
    public let root: URL

    /// A results folder at `root`.
    public init(root: URL = URL(fileURLWithPath: "results")) {
        self.root = root.standardizedFileURL
    }

    /// `<root>/<spec>`.
    public func specDirectory(_ spec: String) -> URL { root.appendingPathComponent(spec, isDirectory: true) }
    /// `<root>/<spec>/runs.csv`.
    public func runsURL(spec: String) -> URL { RunsCSV.url(results: root, spec: spec) }
    /// `<root>/TABLES.md`.
    public var tablesURL: URL { root.appendingPathComponent("TABLES.md") }
    /// `<root>/TABLES.json`.
    public var provenanceURL: URL { root.appendingPathComponent("TABLES.json") }

    /// Rewrites `<spec>/runs.csv` atomically (call each time a run finishes, with every run of the spec).
    public func writeRuns(_ runs: RunsCSV, spec: String) throws {
        try runs.write(to: runsURL(spec: spec))
    }

    /// `<root>/<spec>/video_pairs.json`.
    public func pairsURL(spec: String) -> URL { VideoPairsFile.url(in: specDirectory(spec)) }

    /// Writes `<spec>/table.{md,csv,json}` for a layout and its runs, with the verdicts computed from
    /// `<spec>/video_pairs.json` (no verdict data: every claim untested).
    @discardableResult
    public func writeTable(_ layout: PaperTableDescription, runs: RunsCSV) throws -> PaperTable {
        let table = PaperTable(description: layout, records: runs.records,
                               pairs: try VideoPairsFile.read(from: pairsURL(spec: layout.spec)))
        try table.write(to: specDirectory(layout.spec))
        return table
    }

    /// Writes `TABLES.md` for these tables and `TABLES.json` with the provenance.
    public func writeIndex(tables: [PaperTable], provenance: TablesProvenance) throws {
        try AtomicFile.write(TablesDocument.render(tables: tables, provenance: provenance), to: tablesURL)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(provenance), to: provenanceURL)
    }

    /// The spec folders holding both runs.csv and table.json, in paper order.
    public func renderableSpecs() throws -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: root.path) } catch {
            throw CacheError.io(path: root.path, message: "cannot list results folder: \(error.localizedDescription)")
        }
        let specs = names.filter { name in
            let folder = specDirectory(name)
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent("table.json").path)
                && FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs.csv").path)
        }
        return TablesDocument.ordered(specs)
    }

    /// Re-renders every `<spec>/table.md`, `table.csv` and `TABLES.md` from runs.csv and table.json alone.
    /// Provenance: `provenance` when given, else `TABLES.json`, else "unknown". Returns the specs rendered.
    @discardableResult
    public func rerenderAll(provenance: TablesProvenance? = nil) throws -> [String] {
        let specs = try renderableSpecs()
        var tables: [PaperTable] = []
        for spec in specs {
            let layout = try PaperTableDescription.read(from: specDirectory(spec).appendingPathComponent("table.json"))
            let runs = try RunsCSV.read(from: runsURL(spec: spec))
            tables.append(try writeTable(layout, runs: runs))
        }
        let stored = (try? Data(contentsOf: provenanceURL)).flatMap { try? JSONDecoder().decode(TablesProvenance.self, from: $0) }
        try writeIndex(tables: tables,
                       provenance: provenance ?? stored ?? TablesProvenance(scale: "unknown", date: "unknown", commit: "unknown"))
        return specs
    }
}
