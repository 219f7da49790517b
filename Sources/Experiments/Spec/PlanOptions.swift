/// Options that apply to every spec of a plan: the scale preset and command-line overrides.
public struct PlanOptions: Sendable, Hashable {
    /// Scale preset name (`smoke`, `default`, `paper`: `scales/NAME.yaml` beside the spec, else
    /// `experiments/scales/NAME.yaml`) or a path to a YAML file; `nil` applies none.
    public var scale: String?
    /// `key=value` overrides from `--set`, applied last, in order.
    public var overrides: [String]

    /// Creates options.
    public init(scale: String? = nil, overrides: [String] = []) {
        self.scale = scale
        self.overrides = overrides
    }
}
