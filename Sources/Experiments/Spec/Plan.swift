import F2LM
import YAML

/// The expanded grid of one or more specs: every run with its identity and stage keys, and how many distinct
/// stage nodes (cache entries) the whole plan needs.
public struct Plan: Sendable, Hashable {
    /// The expanded specs, in the order given.
    public var specs: [ExpandedSpec]

    /// Creates a plan from expanded specs.
    public init(specs: [ExpandedSpec]) {
        self.specs = specs
    }

    /// Parses and expands every spec file with `options`; the first error stops everything.
    public static func load(files: [String], options: PlanOptions = PlanOptions()) throws -> Plan {
        guard !files.isEmpty else {
            throw SourceError(mark: nil, message: "no spec file given")
        }
        return Plan(specs: try files.map { try SpecExpander.expand(SpecParser.parse(file: $0, options: options)) })
    }

    /// All runs of all specs, in order.
    public var runs: [PlannedRun] { specs.flatMap(\.runs) }

    /// Number of distinct keys of `stage` over all runs (runs sharing a key share that stage's work).
    public func distinctNodes(_ stage: PipelineStage) -> Int {
        Set(runs.map { $0.stageKeys[stage] }).count
    }

    /// Number of distinct Destroyers actually trained (destroyer stage keys of runs with the Destroyer enabled).
    public var trainedDestroyers: Int {
        Set(runs.filter(\.config.destroyer.enabled).map(\.stageKeys.destroyer)).count
    }

    /// Number of distinct run identities.
    public var distinctRuns: Int { Set(runs.map(\.hash)).count }

    /// `runs: N (distinct M); datasets: a, generators: b, destroyers: c, scores: d, evaluations: e`.
    public var summary: String {
        let stages: [(PipelineStage, String)] = [(.dataset, "datasets"), (.generator, "generators"),
                                                  (.destroyer, "destroyers"), (.scores, "scores"),
                                                  (.evaluation, "evaluations")]
        return "specs: \(specs.count), runs: \(runs.count) (distinct: \(distinctRuns))\n"
            + stages.map { "\($0.1): \(distinctNodes($0.0))" }.joined(separator: ", ")
            + " (trained destroyers: \(trainedDestroyers))"
    }
}
