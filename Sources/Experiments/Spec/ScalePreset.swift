import Foundation
import YAML

/// A scale preset (`scales/NAME.yaml`): the sizes and the training budget of every run of a plan.
///
/// Its config keys are merged after the dataset profile and before the spec's own layers. Two top-level keys
/// are not config keys: `seeds` (the default seed list of a spec that lists none) and `lr_multiplier` (a
/// positive number that multiplies `train.lr_generator`, `train.lr_discriminator` and `train.lr_destroyer`
/// after every spec layer, before `--set`: lr = lr_resolved × lr_multiplier).
///
/// The `train` keys a preset sets are its training budget: a spec (`set`, a dataset's or variant's `set`, a
/// grid axis) that sets one of them is an error, so a spec cannot silently change a scale's budget; `--set`
/// on the command line still can.
public struct ScalePreset: Sendable, Hashable {
    /// The preset file.
    public var file: String
    /// Its config keys (without `seeds` and `lr_multiplier`).
    public var config: YAMLNode
    /// The preset's seeds, if it lists any.
    public var seeds: [Int]?
    /// Multiplier of the three learning rates (1 when not given).
    public var lrMultiplier: Double
    /// Where `lr_multiplier` was written.
    public var lrMultiplierMark: SourceMark?

    /// The names of the top-level keys that are not config keys.
    static let presetKeys: Set<String> = ["seeds", "lr_multiplier"]
    /// The learning-rate keys `lr_multiplier` scales.
    public static let learningRateKeys = ["train.lr_generator", "train.lr_discriminator", "train.lr_destroyer"]

    /// Loads the preset at `path` (its `extends` chain resolved).
    public static func load(_ path: String) throws -> ScalePreset {
        let node = try ConfigFileLoader.load(path)
        let seeds = try node["seeds"].map(SpecParser.seedList)
        var multiplier = 1.0
        var multiplierMark: SourceMark?
        if let value = node["lr_multiplier"] {
            multiplier = try YAMLDecoder().decode(Double.self, from: value, keyPath: "lr_multiplier")
            multiplierMark = value.mark
            guard multiplier > 0, multiplier.isFinite else {
                throw SourceError(mark: value.mark, keyPath: "lr_multiplier",
                                  message: "expected a positive number, found \(value.scalarText ?? "?")")
            }
        }
        return ScalePreset(file: path, config: node.removingKeys(presetKeys), seeds: seeds,
                           lrMultiplier: multiplier, lrMultiplierMark: multiplierMark)
    }

    /// The dotted `train.*` keys the preset sets (its training budget), with where each was written.
    public var budgetKeys: [(key: String, mark: SourceMark)] {
        guard let train = config["train"]?.mappingPairs else { return [] }
        return train.compactMap { pair in pair.key.scalarText.map { ("train.\($0)", pair.key.mark) } }
    }

    /// Throws when `override` (a spec layer) sets a key of the preset's training budget.
    func checkBudget(_ override: ConfigOverride, layer: String) throws {
        for (key, mark) in budgetKeys where override.sets(key) {
            throw SourceError(mark: override.keyMark, keyPath: override.key,
                              message: "part of the training budget of the scale preset (\(key) at \(mark)); "
                                  + "a spec's \(layer) cannot change it: change the preset or use --set \(key)=…")
        }
    }

    /// `tree` with its three learning rates multiplied by `lrMultiplier` (unchanged when it is 1).
    func scalingLearningRates(of tree: YAMLNode) throws -> YAMLNode {
        guard lrMultiplier != 1 else { return tree }
        var result = tree
        for key in Self.learningRateKeys {
            let path = key.split(separator: ".").map(String.init)
            guard let node = tree.node(at: path) else { continue }
            let value = try YAMLDecoder().decode(Double.self, from: node, keyPath: key)
            let mark = lrMultiplierMark ?? node.mark
            result = result.setting(path: path, to: .scalar(String(value * lrMultiplier), at: mark), keyMark: mark)
        }
        return result
    }
}
