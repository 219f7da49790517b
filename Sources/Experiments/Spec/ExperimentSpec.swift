import F2LM
import Metrics
import YAML

/// One column of a spec's table: a dataset, its profile (`datasets/NAME.yaml`: γ, learning rates, weight
/// decay) and the spec's own overrides for it.
public struct DatasetEntry: Sendable, Hashable {
    /// The dataset name (becomes `data.name`).
    public var name: DatasetName
    /// Where the name was written.
    public var mark: SourceMark
    /// The dataset's profile: config keys merged right after the `extends` chain.
    public var profile: YAMLNode
    /// Per-dataset overrides (`set`).
    public var overrides: [ConfigOverride]
}

/// An explicit labelled row (`variants`): overrides applied together, never crossed with other variants.
public struct Variant: Sendable, Hashable {
    /// The row label as in the paper ("E_f only", "Dropout(CI)").
    public var label: String
    /// Where the label was written.
    public var mark: SourceMark
    /// The variant's overrides.
    public var overrides: [ConfigOverride]
}

/// One axis of the `grid`: a dotted key and the values it takes (the grid is their cartesian product).
public struct GridAxis: Sendable, Hashable {
    /// The dotted key.
    public var key: String
    /// Where the key was written.
    public var keyMark: SourceMark
    /// The values, in order.
    public var values: [YAMLNode]
}

/// A parsed experiment spec, before expansion: the config layers in precedence order (extends chain, dataset
/// profile, scale preset, spec-wide `set`, dataset `set`, variant `set`, grid value, `--set`) and the axes
/// along which runs vary.
public struct ExperimentSpec: Sendable, Hashable {
    /// Short name (`table8_lambda`), used for result folders.
    public var name: String
    /// The table's title as in the paper.
    public var title: String
    /// The spec file as given.
    public var file: String
    /// The `extends` chain, deep-merged.
    public var defaults: YAMLNode
    /// The scale preset, if one was chosen.
    public var scale: ScalePreset?
    /// Spec-wide overrides (`set`).
    public var overrides: [ConfigOverride]
    /// Command-line overrides (applied last).
    public var commandLine: [ConfigOverride]
    /// Columns of the table.
    public var datasets: [DatasetEntry]
    /// Training seeds (spec `seeds`, else the scale preset's, else the base config's `seed`).
    public var seeds: [Int]
    /// Grid axes (may be empty).
    public var grid: [GridAxis]
    /// Explicit labelled rows (may be empty); crossed with the grid when both are given.
    public var variants: [Variant]
    /// Table layout and the paper's numbers, if given.
    public var table: TableSpec?
}
