import F2LM
import YAML

/// Expands a spec into its runs: for each dataset, each row (variants crossed with the grid's cartesian
/// product), each seed, the config tree is built by precedence
/// extends < dataset profile < scale < spec `set` < dataset `set` < variant `set` < grid value
/// < the scale's `lr_multiplier` < `--set`, decoded into a `RunConfig`, and validated. Any error stops the expansion with its source position.
public enum SpecExpander {
    /// One row of the spec before datasets and seeds: a label, a table row key, and its overrides.
    struct Row {
        var label: String
        var rowKey: String?
        var columnKey: String?
        var pooledLabel: String?
        var overrides: [ConfigOverride]
    }

    /// Most runs one spec may expand to (the paper's largest table at the paper scale has a few hundred).
    public static let maximumRuns = 10_000

    /// Expands `spec`.
    public static func expand(_ spec: ExperimentSpec) throws -> ExpandedSpec {
        try checkConflicts(spec)
        try checkRunCount(spec)
        let rows = makeRows(spec)
        guard !rows.isEmpty, !spec.datasets.isEmpty, !spec.seeds.isEmpty else {
            throw SourceError(mark: nil, message: "empty expansion: the spec produces no run", file: spec.file)
        }
        var runs: [PlannedRun] = []
        for dataset in spec.datasets {
            var datasetTree = spec.defaults.merged(with: dataset.profile)
            if let scale = spec.scale { datasetTree = datasetTree.merged(with: scale.config) }
            for override in spec.overrides { datasetTree = override.apply(to: datasetTree) }
            datasetTree = datasetTree.setting(path: ["data", "name"], to: .scalar(dataset.name.rawValue, at: dataset.mark),
                                              keyMark: dataset.mark)
            for override in dataset.overrides { datasetTree = override.apply(to: datasetTree) }
            let baseConfig = try? decode(spec.commandLine.reduce(try scaled(datasetTree, spec)) { $1.apply(to: $0) })
            let baseParameters = baseConfig.map { Dictionary(uniqueKeysWithValues: $0.parameters.map { ($0.key, $0.value) }) }
            for row in rows {
                var rowTree = datasetTree
                for override in row.overrides { rowTree = override.apply(to: rowTree) }
                for seed in spec.seeds {
                    var tree = rowTree.setting(path: ["seed"], to: .scalar(String(seed), at: spec.defaults.mark),
                                               keyMark: spec.defaults.mark)
                    tree = try scaled(tree, spec)
                    for override in spec.commandLine { tree = override.apply(to: tree) }
                    let config = try decode(tree)
                    try validate(config, tree: tree)
                    let changes = config.parameters.filter { parameter in
                        parameter.key != "seed" && baseParameters?[parameter.key] != parameter.value
                    }
                    runs.append(PlannedRun(specName: spec.name, label: row.label, rowKey: row.rowKey,
                                           columnKey: row.columnKey, pooledLabel: row.pooledLabel,
                                           dataset: config.data.name, seed: config.seed, config: config,
                                           changes: baseParameters == nil ? [] : changes,
                                           hash: config.identityHash, stageKeys: config.stageKeys))
                }
            }
        }
        return ExpandedSpec(spec: spec, runs: runs)
    }

    /// `tree` with the scale preset's `lr_multiplier` applied.
    static func scaled(_ tree: YAMLNode, _ spec: ExperimentSpec) throws -> YAMLNode {
        try spec.scale?.scalingLearningRates(of: tree) ?? tree
    }

    /// Decodes a config tree into a `RunConfig` (unknown keys, types, enum values checked).
    public static func decode(_ tree: YAMLNode) throws -> RunConfig {
        try YAMLDecoder().decode(RunConfig.self, from: tree)
    }

    /// Runs `RunConfig.validate()` and reports the first issue at the position of the offending value.
    public static func validate(_ config: RunConfig, tree: YAMLNode) throws {
        guard let issue = config.validate().first else { return }
        let path = issue.key.split(separator: ".").map(String.init)
        var mark = tree.node(at: path)?.mark
        if mark == nil {
            var prefix = path
            while mark == nil && !prefix.isEmpty {
                prefix.removeLast()
                mark = tree.node(at: prefix)?.mark
            }
        }
        throw SourceError(mark: mark ?? tree.mark, keyPath: issue.key, message: issue.message)
    }

    /// Datasets × variants × grid values × seeds, counted before anything is built: a grid of many long axes
    /// would otherwise exhaust memory while expanding.
    static func checkRunCount(_ spec: ExperimentSpec) throws {
        let factors = [spec.datasets.count, max(1, spec.variants.count), spec.seeds.count] + spec.grid.map(\.values.count)
        var count = 1
        for factor in factors {
            let product = count.multipliedReportingOverflow(by: factor)
            count = product.overflow ? Int.max : product.partialValue
        }
        guard count <= maximumRuns else {
            let sizes = factors.map(String.init).joined(separator: " × ")
            throw SourceError(mark: nil, message: "the spec expands to \(count == Int.max ? "too many" : String(count)) runs "
                              + "(datasets × variants × seeds × grid values: \(sizes)); at most \(maximumRuns) per spec", file: spec.file)
        }
    }

    /// Variants × grid combinations, labelled. A run's label names its variant and every grid value (`key=value`,
    /// or the table's label of the value); with a table, its row key joins the values of the table's row axes,
    /// its column key is the value of the column axis, and its pooled label names the values of `table.average`.
    static func makeRows(_ spec: ExperimentSpec) -> [Row] {
        if spec.variants.isEmpty && spec.grid.isEmpty { return [Row(label: spec.name, rowKey: nil, columnKey: nil, pooledLabel: nil, overrides: [])] }
        var combinations: [[(axis: GridAxis, value: YAMLNode)]] = [[]]
        for axis in spec.grid {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [(axis, $0)] } }
        }
        let table = spec.table
        let singleRowAxis = table?.rows.count == 1
        let variants: [Variant?] = spec.variants.isEmpty ? [nil] : spec.variants
        var rows: [Row] = []
        for variant in variants {
            for combination in combinations {
                var parts = variant.map { [$0.label] } ?? []
                var values: [String: String] = [:]
                for (axis, value) in combination {
                    let text = SpecParser.canonicalText(value)
                    values[axis.key] = text
                    if let table {
                        parts.append(singleRowAxis && table.rows == [.grid(axis.key)] ? table.label(forRow: text)
                                         : table.part(axis.key, text))
                    } else {
                        parts.append(spec.grid.count == 1 ? text : "\(axis.key)=\(text)")
                    }
                }
                rows.append(Row(label: parts.joined(separator: ", "),
                                rowKey: table?.rowKey(variant: variant?.label, values: values),
                                columnKey: table?.columns.flatMap { values[$0] },
                                pooledLabel: table?.pooledLabel(values: values),
                                overrides: (variant?.overrides ?? [])
                                    + combination.map { ConfigOverride(key: $0.axis.key, value: $0.value, keyMark: $0.axis.keyMark) }))
            }
        }
        return rows
    }

    /// A key set by a variant and by the grid (or one a prefix of the other) is ambiguous: an error at the
    /// variant's key.
    static func checkConflicts(_ spec: ExperimentSpec) throws {
        for variant in spec.variants {
            for override in variant.overrides {
                if let axis = spec.grid.first(where: { override.overlaps($0.key) }) {
                    throw SourceError(mark: override.keyMark, keyPath: override.key,
                                      message: "set by variant '\(variant.label)' and by the grid key '\(axis.key)' "
                                          + "(line \(axis.keyMark.line), column \(axis.keyMark.column)): expected each key "
                                          + "in one place")
                }
            }
        }
    }
}
