import F2LM
import Foundation
import YAML

/// A dataset profile (`datasets/NAME.yaml`): the values that belong to one dataset rather than to a table,
/// such as the paper's Table 10 γ, learning rates and weight decay. Written once per dataset and merged into
/// every run on it right after the `extends` chain, before the scale preset and the spec's own layers.
public enum DatasetProfile {
    /// Finds the profile of `name`: `datasets/NAME.yaml` beside the spec, else beside each file the spec
    /// `extends` (in order), else `experiments/datasets/NAME.yaml` under the current directory.
    static func locate(_ name: DatasetName, specFile: String, extends: [String], mark: SourceMark) throws -> String {
        let directories = locations(specFile: specFile, extends: extends)
        for directory in directories {
            let candidate = (directory as NSString).appendingPathComponent("\(name.rawValue).yaml")
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw SourceError(mark: mark, keyPath: "datasets",
                          message: "no profile for dataset '\(name.rawValue)': expected \(name.rawValue).yaml in "
                              + directories.joined(separator: " or "))
    }

    /// The folders searched for profiles, in order, without repeats.
    static func locations(specFile: String, extends: [String]) -> [String] {
        var result: [String] = []
        for file in [specFile] + extends + ["experiments/defaults.yaml"] {
            let folder = ConfigFileLoader.resolve("datasets", relativeTo: ConfigFileLoader.directory(of: file))
            if !result.contains(folder) { result.append(folder) }
        }
        return result
    }

    /// Loads the profile of `name` (its `extends` chain resolved). A profile may not choose the dataset.
    static func load(_ name: DatasetName, specFile: String, extends: [String], mark: SourceMark) throws -> YAMLNode {
        let path = try locate(name, specFile: specFile, extends: extends, mark: mark)
        let node = try ConfigFileLoader.load(path)
        if let naming = node.keyNode(at: ["data", "name"]) {
            throw SourceError(mark: naming.mark, keyPath: "data.name",
                              message: "a dataset profile applies to the dataset it is named after: expected no data.name")
        }
        return node
    }
}
