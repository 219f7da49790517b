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
        if let found = path(of: name, specFile: specFile, extends: extends) { return found }
        throw SourceError(mark: mark, keyPath: "datasets",
                          message: "no profile for dataset '\(name.rawValue)': expected \(name.rawValue).yaml in "
                              + locations(specFile: specFile, extends: extends).joined(separator: " or "))
    }

    /// The profile `locate` finds, or nil when there is none.
    static func path(of name: DatasetName, specFile: String, extends: [String]) -> String? {
        locations(specFile: specFile, extends: extends).lazy
            .map { ($0 as NSString).appendingPathComponent("\(name.rawValue).yaml") }
            .first { FileManager.default.fileExists(atPath: $0) }
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
        try load(path: locate(name, specFile: specFile, extends: extends, mark: mark))
    }

    /// Loads the profile at `path` (its `extends` chain resolved). A profile may not choose the dataset.
    static func load(path: String) throws -> YAMLNode {
        let node = try ConfigFileLoader.load(path)
        if let naming = node.keyNode(at: ["data", "name"]) {
            throw SourceError(mark: naming.mark, keyPath: "data.name",
                              message: "a dataset profile applies to the dataset it is named after: expected no data.name")
        }
        return node
    }
}
