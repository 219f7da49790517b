import Foundation
import YAML

/// Picks the spec files out of a list such as `experiments/*.yaml`, which also matches config files.
public enum SpecFiles {
    /// Keys only a spec has; a file with none of them (like `defaults.yaml`) is a config file, not a spec.
    static let specOnlyKeys: Set<String> = ["name", "title", "datasets", "grid", "variants", "table"]

    /// The files of `paths` that are specs, in order. A file that cannot be read or parsed is kept, so that
    /// expanding it reports the error.
    public static func specs(among paths: [String]) -> [String] {
        paths.filter { path in
            guard let node = try? YAMLParser.parse(contentsOf: path), let pairs = node.mappingPairs else { return true }
            return pairs.contains { specOnlyKeys.contains($0.key.scalarText ?? "") }
        }
    }
}
