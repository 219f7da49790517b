import F2LM
import Foundation
import VideoData
import YAML

/// The synthetic videos a scale's runs use: `data.synthetic` and `data.seed` of `experiments/defaults.yaml` merged
/// with `experiments/scales/<scale>.yaml` (the same precedence as a spec without dataset overrides). Lets
/// `f2lm data synth` and `f2lm data baseline` describe the runs' videos instead of a preset of their own.
public enum ScaleDataSettings {
    /// The sizes and seed of `scale` (a name in `<experiments>/scales/` or a YAML path), or nil when the files do
    /// not exist. Throws the config files' errors (file:line:column).
    public static func synthetic(scale: String, experiments: String = "experiments") throws
        -> (scale: SyntheticScale, seed: UInt64)? {
        let defaults = (experiments as NSString).appendingPathComponent("defaults.yaml")
        let scaleFile = scale.hasSuffix(".yaml") ? scale
            : ((experiments as NSString).appendingPathComponent("scales") as NSString).appendingPathComponent("\(scale).yaml")
        guard FileManager.default.fileExists(atPath: defaults), FileManager.default.fileExists(atPath: scaleFile) else {
            return nil
        }
        let tree = try ConfigFileLoader.load(defaults).merged(with: ConfigFileLoader.load(scaleFile).removingKeys(["seeds"]))
        guard let data = tree["data"], let syntheticNode = data["synthetic"], let seedNode = data["seed"] else { return nil }
        let synthetic = try YAMLDecoder().decode(SyntheticScale.self, from: syntheticNode, keyPath: "data.synthetic")
        let seed = try YAMLDecoder().decode(Int.self, from: seedNode, keyPath: "data.seed")
        return (synthetic, UInt64(seed))
    }
}
