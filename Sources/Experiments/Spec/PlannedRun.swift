import F2LM

/// One run of an expanded spec: a fully resolved, validated `RunConfig` with its place in the table.
public struct PlannedRun: Sendable, Hashable {
    /// The spec's name (`table8_lambda`).
    public var specName: String
    /// The row label as displayed (`16 × 16`, `Dropout(CI)`, `4`; grid axes other than the table's rows are
    /// appended as `key=value`).
    public var label: String
    /// The table row this run belongs to (a variant label or a grid value's canonical text), `nil` when the
    /// spec has no table.
    public var rowKey: String?
    /// The table column inside its dataset (the value of `table.columns`' grid key), `nil` when the columns are
    /// the datasets alone.
    public var columnKey: String? = nil
    /// What the run's table cell pools with other configurations (`table.average`, e.g. `model.alpha=0.2`), `nil`
    /// when nothing is pooled.
    public var pooledLabel: String? = nil
    /// The dataset (table column).
    public var dataset: DatasetName
    /// The training seed.
    public var seed: Int
    /// The resolved configuration.
    public var config: RunConfig
    /// Parameters whose values differ from the spec's base for this dataset (extends, scale, spec and dataset
    /// `set`, command line): what the variant and grid changed.
    public var changes: [ConfigParameter]
    /// Identity: SHA-256 of the canonical config (labels and paths left out).
    public var hash: String
    /// Cache key of each stage.
    public var stageKeys: StageKeys
}

/// A spec with its runs, in order: datasets, then rows (variants × grid), then seeds.
public struct ExpandedSpec: Sendable, Hashable {
    /// The parsed spec.
    public var spec: ExperimentSpec
    /// The runs.
    public var runs: [PlannedRun]
}
