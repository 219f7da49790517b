import Foundation
import JobRunner

/// The results folder (`results/` by default): `plan.json`, `<spec>/runs.json` (each run's state and `RunRecord`),
/// `<spec>/runs.csv`, `<spec>/video_pairs.json`, `<spec>/table.{md,csv,json}`, `TABLES.md`, `TABLES.json`. The
/// tables are functions of `plan.json` and the `runs.json` files (`ResultsRendering`), so they are re-rendered
/// without running anything and without the cache.
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

    /// `<root>/<spec>/runs.json`.
    public func runResultsURL(spec: String) -> URL { RunResultsFile.url(in: specDirectory(spec)) }

    /// `<root>/plan.json`.
    public var planURL: URL { root.appendingPathComponent(PlanDocument.fileName) }

    /// `<root>/<spec>/video_pairs.json`.
    public func pairsURL(spec: String) -> URL { VideoPairsFile.url(in: specDirectory(spec)) }

    /// Writes `<spec>/table.{md,csv,json}` for a layout and its runs, with the verdicts computed from
    /// `<spec>/video_pairs.json` (no verdict data: every claim untested): a table from results written by hand or
    /// before results were rendered from the plan.
    @discardableResult
    public func writeTable(_ layout: PaperTableDescription, runs: RunsCSV) throws -> PaperTable {
        let table = try tableFromFiles(layout, runs: runs, spec: layout.spec)
        try table.write(to: specDirectory(layout.spec))
        return table
    }

    /// The table of a layout and its runs with the verdicts of `<spec>/video_pairs.json`, not written.
    private func tableFromFiles(_ layout: PaperTableDescription, runs: RunsCSV, spec: String) throws -> PaperTable {
        PaperTable(description: layout, records: runs.records, pairs: try VideoPairsFile.read(from: pairsURL(spec: spec)))
    }

    /// Writes `TABLES.md` for these tables and `TABLES.json` with the provenance.
    public func writeIndex(tables: [PaperTable], provenance: TablesProvenance) throws {
        try AtomicFile.write(TablesDocument.render(tables: tables, provenance: provenance), to: tablesURL)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(provenance), to: provenanceURL)
    }

    /// The spec folders holding both runs.csv and table.json (tables written before results were rendered from
    /// the plan), in paper order.
    public func legacySpecs() throws -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: root.path) } catch {
            throw CacheError.io(path: root.path, message: "cannot list results folder: \(error.localizedDescription)")
        }
        let specs = names.filter { name in
            let folder = specDirectory(name)
            return FileManager.default.fileExists(atPath: PaperTable.layoutURL(in: folder).path)
                && FileManager.default.fileExists(atPath: runsURL(spec: name).path)
        }
        return TablesDocument.ordered(specs)
    }

    /// Writes every table of the folder once, and `TABLES.md` and `TABLES.json` over them: each spec of `plan` with a
    /// `<spec>/runs.json` (or an entry in `known`, the outcomes a finishing run has just written) from the plan and
    /// those outcomes (`ResultsRendering.table`); any other spec folder with runs.csv and table.json (written before
    /// results were rendered from the plan) from those two files. Provenance: `provenance` when given, else
    /// `TABLES.json`, else "unknown". Returns the specs rendered, in paper order.
    @discardableResult
    public func renderTables(plan: PlanDocument?, provenance: TablesProvenance? = nil,
                             known: [String: RunResultsFile] = [:]) throws -> [String] {
        var tables: [String: PaperTable] = [:]
        for spec in Set(plan?.runs.map(\.spec) ?? []) {
            guard let plan, plan.table(spec: spec) != nil else { continue }
            let url = runResultsURL(spec: spec)
            guard let results = try known[spec]
                ?? (FileManager.default.fileExists(atPath: url.path) ? RunResultsFile.read(from: url) : nil) else { continue }
            tables[spec] = ResultsRendering.table(spec: spec, plan: plan, results: results)
        }
        for spec in try legacySpecs() where tables[spec] == nil {
            let layout = try PaperTableDescription.read(from: PaperTable.layoutURL(in: specDirectory(spec)))
            tables[spec] = try tableFromFiles(layout, runs: RunsCSV.read(from: runsURL(spec: spec)), spec: spec)
        }
        let specs = TablesDocument.ordered(Array(tables.keys))
        for spec in specs { try tables[spec]!.write(to: specDirectory(spec)) }
        let stored = (try? Data(contentsOf: provenanceURL)).flatMap { try? JSONDecoder().decode(TablesProvenance.self, from: $0) }
        try writeIndex(tables: specs.map { tables[$0]! },
                       provenance: provenance ?? stored ?? TablesProvenance(scale: "unknown", date: "unknown", commit: "unknown"))
        return specs
    }

    /// `renderTables` with the folder's `plan.json` (none: only the specs written before results were rendered from
    /// the plan). What `f2lm tables` does.
    @discardableResult
    public func rerenderAll(provenance: TablesProvenance? = nil) throws -> [String] {
        let plan = FileManager.default.fileExists(atPath: planURL.path) ? try PlanDocument.read(planURL) : nil
        return try renderTables(plan: plan, provenance: provenance)
    }
}
