import F2LM
import Foundation
import JobRunner

/// `plan.json`: a resolved, filtered plan written by `f2lm plan`/`f2lm run` into the results folder and into
/// every Slurm submission, so that status, `--rerun failed` and the Slurm array tasks work from the plan that was
/// made instead of planning again from YAML files that may have changed (or that a later command did not get).
///
/// Version 1 holds, besides how it was made (files, scale, `--set`, `--where`, `--rows`): every run (spec, row,
/// dataset, seed, resolved config, identity hash, stage keys) and every node of the job graph (stage, key,
/// inputs, and its config view: the parameters its own stage reads, canonical text). Reading it recomputes each
/// run's hash and stage keys from its config: a plan written by code that keys runs differently is refused.
public struct PlanDocument: Sendable, Codable, Equatable {
    /// The format version this code writes and reads.
    public static let currentVersion = 1
    /// The file name in the results folder and in a Slurm submission folder.
    public static let fileName = "plan.json"

    /// One run of the plan.
    public struct Run: Sendable, Codable, Equatable {
        /// Spec name (results folder).
        public var spec: String
        /// Row label as displayed.
        public var label: String
        /// Table row key, if the spec has a table.
        public var rowKey: String?
        /// Table column inside the dataset (`PlannedRun.columnKey`); absent when the columns are the datasets.
        public var columnKey: String?
        /// What the run's cell pools (`PlannedRun.pooledLabel`); absent when nothing is pooled.
        public var pooledLabel: String?
        /// Dataset (table column).
        public var dataset: DatasetName
        /// Training seed.
        public var seed: Int
        /// Identity hash.
        public var hash: String
        /// Cache key of each stage.
        public var stageKeys: StageKeys
        /// Keys of the parameters the row changed (`PlannedRun.changes`).
        public var changedKeys: [String]
        /// The resolved configuration.
        public var config: RunConfig
        /// The run's row label in results/ (`ResultsLayout.rowLabel`); absent in plans made before results were
        /// rendered from the plan.
        public var resultsRow: String? = nil
        /// The run's column label in results/ (`ResultsLayout.columnLabel`), absent when the columns are the datasets.
        public var resultsColumn: String? = nil

        /// The runs.csv record of the run before it ran (`pending`, no metrics): `ResultsLayout.record(of:in:)`.
        public var pendingRecord: RunsCSV.Record {
            RunsCSV.Record(spec: spec, row: resultsRow ?? label, column: resultsColumn, dataset: dataset.rawValue,
                           seed: seed, parameters: ResultsLayout.parameters(of: config), runHash: hash, status: .pending)
        }
    }

    /// One node of the job graph.
    public struct Node: Sendable, Codable, Equatable {
        /// Stage name.
        public var stage: String
        /// Cache key.
        public var key: String
        /// Keys of the nodes whose artifacts it reads.
        public var inputs: [String]
        /// Human label.
        public var label: String
        /// The parameters of its own stage, dotted key → canonical value (upstream parameters are in its inputs).
        public var view: [String: String]
    }

    /// Format version (`currentVersion` when written by this code).
    public var version: Int
    /// Spec files as given.
    public var files: [String]
    /// Scale preset.
    public var scale: String?
    /// `--set` overrides, in order.
    public var overrides: [String]
    /// `--where` conditions that filtered the runs.
    public var conditions: [String]
    /// `--rows` labels that filtered the runs.
    public var rows: [String]
    /// The runs, in plan order.
    public var runs: [Run]
    /// The job graph's nodes, in order of first appearance.
    public var nodes: [Node]
    /// The paper-table layout of each spec (`ResultsLayout.description(of:)`, without verdicts): with the runs, all
    /// `f2lm tables` needs besides the run records. Absent in plans made before results were rendered from the plan.
    public var tables: [PaperTableDescription]?

    /// The document of a plan (already filtered), with its table layouts and results labels.
    public init(plan: Plan, files: [String], options: PlanOptions, conditions: [String] = [], rows: [String] = []) throws {
        try self.init(runs: plan.runs, files: files, options: options, conditions: conditions, rows: rows)
        let placed = plan.specs.flatMap { expanded in expanded.runs.map { (run: $0, spec: expanded.spec) } }
        for (index, entry) in placed.enumerated() {  // `plan.runs` is this order
            runs[index].resultsRow = ResultsLayout.rowLabel(of: entry.run, in: entry.spec)
            runs[index].resultsColumn = ResultsLayout.columnLabel(of: entry.run, in: entry.spec)
        }
        tables = plan.specs.map(ResultsLayout.description(of:))
    }

    /// The table layout of `spec`, nil when the plan has none.
    public func table(spec: String) -> PaperTableDescription? {
        tables?.first { $0.spec == spec }
    }

    /// The document of `runs` (already filtered), made from `files` with `options`.
    public init(runs: [PlannedRun], files: [String], options: PlanOptions, conditions: [String] = [],
                rows: [String] = []) throws {
        let graph = try PipelineGraph(runs: runs)
        version = Self.currentVersion
        self.files = files
        scale = options.scale
        overrides = options.overrides
        self.conditions = conditions
        self.rows = rows
        self.runs = runs.map { run in
            Run(spec: run.specName, label: run.label, rowKey: run.rowKey, columnKey: run.columnKey,
                pooledLabel: run.pooledLabel, dataset: run.dataset, seed: run.seed,
                hash: run.hash, stageKeys: run.stageKeys, changedKeys: run.changes.map(\.key), config: run.config)
        }
        nodes = graph.graph.nodes.map { node in
            let stage = PipelineStage(rawValue: node.stage)
            let parameters = stage.flatMap { stage in graph.configs[node.key]?.parameters(readBy: stage) } ?? []
            return Node(stage: node.stage, key: node.key, inputs: node.dependencies, label: node.label,
                        view: Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, $0.value.canonical) }))
        }
    }

    /// The runs as the pipeline takes them; throws when a run's hash or stage keys, recomputed from its config,
    /// differ from the recorded ones (the plan was made by code that keys runs differently: plan again).
    public func plannedRuns(source: String = PlanDocument.fileName) throws -> [PlannedRun] {
        try runs.map { run in
            let config = run.config
            guard config.identityHash == run.hash, config.stageKeys == run.stageKeys else {
                throw PlanDocumentError(path: source, message: "run \(run.hash.prefix(12)) (\(run.spec), \(run.label)) "
                    + "has other keys in this version of f2lm: make the plan again from its spec files")
            }
            let changed = Set(run.changedKeys)
            return PlannedRun(specName: run.spec, label: run.label, rowKey: run.rowKey, columnKey: run.columnKey,
                              pooledLabel: run.pooledLabel, dataset: run.dataset,
                              seed: run.seed, config: config, changes: config.parameters.filter { changed.contains($0.key) },
                              hash: run.hash, stageKeys: run.stageKeys)
        }
    }

    /// The JSON text (keys sorted, pretty-printed).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the document atomically to `url`.
    public func write(to url: URL) throws {
        try AtomicFile.write(try encoded(), to: url)
    }

    /// This plan with the runs of the other specs kept from `previous` (the plan.json already in a results folder):
    /// the results folder holds every spec's tables, so its plan.json holds every spec's latest plan — running one
    /// spec no longer drops the others from `f2lm report` and `f2lm status` without spec files. The specs this plan
    /// covers are replaced whole (a new `--where` replaces the old selection). Runs of `previous` whose hash or stage
    /// keys this code computes differently are dropped (they would be refused on reading), and so is a `previous` of
    /// another version. `files` gains the other specs' files; scale, `--set`, `--where` and `--rows` stay this plan's.
    public func merged(keepingOtherSpecsOf previous: PlanDocument) -> PlanDocument {
        guard previous.version == version else { return self }
        let specs = Set(runs.map(\.spec))
        let kept = previous.runs.filter { run in
            !specs.contains(run.spec) && run.config.identityHash == run.hash && run.config.stageKeys == run.stageKeys
        }
        guard !kept.isEmpty else { return self }
        var result = self
        result.runs += kept
        let present = Set(nodes.map(\.key))
        let needed = Set(kept.flatMap { run in PipelineStage.allCases.map { run.stageKeys[$0] } })
        result.nodes += previous.nodes.filter { needed.contains($0.key) && !present.contains($0.key) }
        let keptSpecs = Set(kept.map(\.spec))
        if let previousTables = previous.tables {
            let kept = previousTables.filter { keptSpecs.contains($0.spec) && !specs.contains($0.spec) }
            if !kept.isEmpty || result.tables != nil { result.tables = (result.tables ?? []) + kept }
        }
        result.files += previous.files.filter { file in
            !result.files.contains(file) && keptSpecs.contains(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
        }
        return result
    }

    /// Writes this plan as `folder/plan.json`, merged with the plan.json already there (`merged(keepingOtherSpecsOf:)`;
    /// an unreadable one is replaced).
    public func writeMerging(into folder: URL) throws {
        let url = folder.appendingPathComponent(Self.fileName)
        let previous = FileManager.default.fileExists(atPath: url.path) ? try? Self.read(url) : nil
        try (previous.map { merged(keepingOtherSpecsOf: $0) } ?? self).write(to: url)
    }

    /// Reads a document, refusing other versions.
    public static func read(_ url: URL) throws -> PlanDocument {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PlanDocumentError(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        struct Versioned: Decodable { var version: Int }
        guard let version = try? JSONDecoder().decode(Versioned.self, from: data).version else {
            throw PlanDocumentError(path: url.path, message: "not a plan document (no version)")
        }
        guard version == currentVersion else {
            throw PlanDocumentError(path: url.path, message: "plan version \(version); this f2lm reads version "
                + "\(currentVersion): make the plan again")
        }
        do { return try JSONDecoder().decode(PlanDocument.self, from: data) } catch {
            throw PlanDocumentError(path: url.path, message: "cannot decode: \(error)")
        }
    }
}

/// A plan document that cannot be used: its path and why.
public struct PlanDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What is wrong.
    public var message: String

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
