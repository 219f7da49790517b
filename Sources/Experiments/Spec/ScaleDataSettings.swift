import F2LM
import Foundation
import VideoData
import YAML

/// The synthetic videos a scale's runs use: `data.synthetic` and `data.seed` of `experiments/defaults.yaml`, then
/// the family's dataset profile (`datasets/<family>.yaml` found as a spec beside defaults.yaml finds it:
/// `DatasetProfile`; its calibrated difficulty levers), then
/// `experiments/scales/<scale>.yaml` (the same precedence as a spec without dataset overrides). Lets
/// `f2lm data synth` and `f2lm data baseline` describe the runs' videos instead of a preset of their own.
public enum ScaleDataSettings {
    /// The sizes, levers and seed of `scale` (a name in `<experiments>/scales/` or a YAML path) for `family` (nil:
    /// no profile, the neutral levers of defaults.yaml), or nil when the files do not exist. A missing profile is
    /// skipped. Throws the config files' errors (file:line:column).
    public static func synthetic(scale: String, family: String? = nil, experiments: String = "experiments") throws
        -> (scale: SyntheticScale, seed: UInt64)? {
        let defaults = (experiments as NSString).appendingPathComponent("defaults.yaml")
        let scaleFile = scale.hasSuffix(".yaml") ? scale
            : ((experiments as NSString).appendingPathComponent("scales") as NSString).appendingPathComponent("\(scale).yaml")
        guard FileManager.default.fileExists(atPath: defaults), FileManager.default.fileExists(atPath: scaleFile) else {
            return nil
        }
        var tree = try ConfigFileLoader.load(defaults)
        // The profile a spec beside defaults.yaml would read (`DatasetProfile`), with its checks.
        if let family, let name = DatasetName(rawValue: family),
            let profile = DatasetProfile.path(of: name, specFile: defaults, extends: []) {
            tree = tree.merged(with: try DatasetProfile.load(path: profile))
        }
        tree = tree.merged(with: try ConfigFileLoader.load(scaleFile).removingKeys(["seeds"]))
        guard let data = tree["data"], let syntheticNode = data["synthetic"], let seedNode = data["seed"] else { return nil }
        let synthetic = try YAMLDecoder().decode(SyntheticScale.self, from: syntheticNode, keyPath: "data.synthetic")
        let seed = try YAMLDecoder().decode(Int.self, from: seedNode, keyPath: "data.seed")
        return (synthetic, UInt64(seed))
    }
}
