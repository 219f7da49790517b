import F2LM

/// Selects runs of a plan by `--where key=value` (every condition must hold) and `--rows LABEL` (any label).
///
/// A `where` key is a resolved parameter (`destroyer.lambda=4`, compared by canonical value so `4` matches
/// `4.0`), or `dataset`, `seed`, `spec`, `row`. A `rows` label matches the run's table row label or its full
/// label.
public struct RunFilter: Sendable {
    /// The `key=value` conditions, parsed.
    public var conditions: [(key: String, value: String)]
    /// Row labels; empty keeps every row.
    public var rows: [String]

    /// Parses `where` conditions; throws when one has no `=` or names an unknown key.
    public init(where conditions: [String] = [], rows: [String] = []) throws {
        self.rows = rows
        self.conditions = try conditions.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw PipelineError.missing("--where '\(text)': expected key=value")
            }
            return (String(text[..<equals]).trimmingCharacters(in: .whitespaces),
                    String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
        }
    }

    /// Keys that are not config parameters.
    static let runKeys: Set<String> = ["dataset", "seed", "spec", "row"]

    /// Throws when a condition's key is neither a run key nor a parameter of the runs.
    public func validate(against runs: [PlannedRun]) throws {
        guard let first = runs.first else { return }
        let known = Set(first.config.parameters.map(\.key)).union(Self.runKeys)
        for condition in conditions where !known.contains(condition.key) {
            throw PipelineError.missing("--where: unknown key '\(condition.key)' (use a config key such as "
                                        + "destroyer.lambda, or dataset, seed, spec, row)")
        }
    }

    /// True when `run` satisfies every condition and (if rows are given) one row label.
    public func matches(_ run: PlannedRun, rowLabel: String) -> Bool {
        for (key, value) in conditions {
            let actual: [String]
            switch key {
            case "dataset": actual = [run.dataset.rawValue]
            case "seed": actual = [String(run.seed)]
            case "spec": actual = [run.specName]
            case "row": actual = [rowLabel, run.label, run.rowKey ?? ""]
            default:
                guard let parameter = run.config.parameters.first(where: { $0.key == key }) else { return false }
                actual = [parameter.value.canonical, parameter.value.description]
            }
            if !actual.contains(value) && !actual.contains(Self.canonicalNumber(value) ?? "\u{0}") { return false }
        }
        if !rows.isEmpty && !rows.contains(where: { $0 == rowLabel || $0 == run.label || $0 == run.rowKey }) {
            return false
        }
        return true
    }

    /// `4.0` → `4`, `2e-4` → `0.0002` (the canonical number text), nil for non-numbers.
    static func canonicalNumber(_ text: String) -> String? {
        guard let number = Double(text) else { return nil }
        return ParameterValue.number(number).canonical
    }

    /// The plan restricted to the matching runs; specs left with no run are dropped.
    public func apply(to plan: Plan) -> Plan {
        Plan(specs: plan.specs.compactMap { expanded in
            var copy = expanded
            copy.runs = expanded.runs.filter { matches($0, rowLabel: ResultsLayout.rowLabel(of: $0, in: expanded.spec)) }
            return copy.runs.isEmpty ? nil : copy
        })
    }
}
