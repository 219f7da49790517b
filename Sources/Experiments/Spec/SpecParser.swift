import F2LM
import Foundation
import YAML

/// Reads a spec file into an `ExperimentSpec`, checking its grammar (keys, types, labels, table) with errors
/// at `file:line:column`. Config values themselves are checked when runs are expanded.
///
/// Grammar (top-level keys): `name`, `title`, `description`, `extends` (files deep-merged in order, relative to
/// the spec), `set` (spec-wide overrides), `datasets` (list of names or `{name, set}`), `seeds` (list of
/// integers), `grid` (dotted key → list of values, cartesian product), `variants` (list of `{label, set}`), and
/// `table` (`rows`, `columns`, `average` and `labels`, read by `TableLayoutParser`; `metrics`; `paper`; `paper_eer`;
/// `claims` and `reference`, read by `TableClaimsParser`).
public enum SpecParser {
    static let specKeys = ["name", "title", "description", "extends", "set", "datasets", "seeds", "grid", "variants", "table"]
    static let datasetKeys = ["name", "set"]
    static let variantKeys = ["label", "set"]
    static let tableKeys = ["rows", "columns", "average", "metrics", "labels", "paper", "paper_eer", "claims", "reference"]
    static let metricNames = ["auc", "eer"]

    /// Parses the spec at `path`, loading its extends chain and the scale preset of `options`.
    public static func parse(file path: String, options: PlanOptions = PlanOptions()) throws -> ExperimentSpec {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SourceError(mark: nil, message: "spec file does not exist", file: path)
        }
        let root = try YAMLParser.parse(contentsOf: path)
        guard root.mappingPairs != nil else {
            throw SourceError(mark: root.mark, message: "expected a spec mapping, found \(root.kindDescription)")
        }
        try checkKeys(of: root, allowed: specKeys, path: "")

        let defaultName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let name = try root["name"].map { try fileName($0, key: "name") } ?? defaultName
        let title = try root["title"].map { try string($0, key: "title") } ?? name

        // 1. extends chain.
        let base = try ConfigFileLoader.mergedExtends(of: root, file: path, chain: [ConfigFileLoader.identity(path)])
            ?? .emptyMapping(at: root.mark)
        let extends = try ConfigFileLoader.extendsEntries(of: root)
            .map { ConfigFileLoader.resolve($0.name, relativeTo: ConfigFileLoader.directory(of: path)) }
        // 2. scale preset (its `seeds` are a default for the spec's).
        let scale = try options.scale.map { try ScalePreset.load(locateScale($0, specFile: path)) }
        var seeds = scale?.seeds
        // 3. spec-wide `set`.
        let specOverrides = try root["set"].map { try overrides($0, key: "set") } ?? []
        if let seedNode = root["seeds"] { seeds = try seedList(seedNode) }
        if seeds == nil {
            let seed = try? YAMLDecoder().decode(Int.self, from: base["seed"] ?? .scalar("0", at: root.mark))
            seeds = [seed ?? 0]
        }

        let commandLine = try options.overrides.map(ConfigOverride.parseCommandLine)
        let datasets = try datasetEntries(root, specFile: path, extends: extends)
        let grid = try gridAxes(root)
        let variants = try variantList(root)
        if let scale {
            for override in specOverrides { try scale.checkBudget(override, layer: "set") }
            for dataset in datasets {
                for override in dataset.overrides { try scale.checkBudget(override, layer: "dataset set") }
            }
            for variant in variants {
                for override in variant.overrides { try scale.checkBudget(override, layer: "variant set") }
            }
            for axis in grid {
                try scale.checkBudget(ConfigOverride(key: axis.key, value: .emptyMapping(at: axis.keyMark),
                                                     keyMark: axis.keyMark), layer: "grid")
            }
        }
        let table = try root["table"].map { try tableSpec($0, grid: grid, variants: variants, datasetCount: datasets.count) }
        return ExperimentSpec(name: name, title: title, file: path, defaults: base, scale: scale,
                              overrides: specOverrides, commandLine: commandLine, datasets: datasets, seeds: seeds!,
                              grid: grid, variants: variants, table: table)
    }

    // MARK: - scale presets

    /// Finds a scale preset: a path when `name` contains `/` or ends in `.yaml`; else `scales/NAME.yaml`
    /// beside the spec, then `experiments/scales/NAME.yaml` under the current directory.
    static func locateScale(_ name: String, specFile: String) throws -> String {
        if name.contains("/") || name.hasSuffix(".yaml") {
            guard FileManager.default.fileExists(atPath: name) else {
                throw SourceError(mark: nil, message: "scale file does not exist", file: name)
            }
            return name
        }
        let directories = [ConfigFileLoader.resolve("scales", relativeTo: ConfigFileLoader.directory(of: specFile)),
                           "experiments/scales"]
        for directory in directories {
            let candidate = (directory as NSString).appendingPathComponent("\(name).yaml")
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        let available = directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        }
        throw SourceError(mark: nil, keyPath: "--scale",
                          message: "unknown scale '\(name)'" + KeySuggestion.hint(for: name, among: available)
                              + "; available: " + Set(available).sorted().joined(separator: ", "),
                          file: specFile)
    }

    // MARK: - pieces

    static func checkKeys(of node: YAMLNode, allowed: [String], path: String) throws {
        for pair in node.mappingPairs ?? [] {
            let key = pair.key.scalarText ?? ""
            if !allowed.contains(key) {
                throw SourceError(mark: pair.key.mark, keyPath: path.isEmpty ? key : "\(path).\(key)",
                                  message: "unknown key" + KeySuggestion.hint(for: key, among: allowed)
                                      + "; expected one of: " + allowed.joined(separator: ", "))
            }
        }
    }

    static func string(_ node: YAMLNode, key: String) throws -> String {
        guard let text = node.scalarText, !node.isNull else {
            throw SourceError(mark: node.mark, keyPath: key, message: "expected a string, found \(node.kindDescription)")
        }
        return text
    }

    /// A string that names one file or folder inside the results folder: not empty, no `/` or `\\`, not `.` or
    /// `..`, no leading `.` (hidden) and no control characters.
    static func fileName(_ node: YAMLNode, key: String) throws -> String {
        let text = try string(node, key: key)
        guard !text.isEmpty, !text.hasPrefix("."), !text.contains("/"), !text.contains("\\"),
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw SourceError(mark: node.mark, keyPath: key,
                              message: "expected a plain file name (it names the spec's folder in results/): no '/', "
                                  + "'\\', leading '.' or control characters, found '\(text)'")
        }
        return text
    }

    static func mapping(_ node: YAMLNode, key: String) throws -> [YAMLNode.Pair] {
        guard let pairs = node.mappingPairs else {
            throw SourceError(mark: node.mark, keyPath: key, message: "expected a mapping, found \(node.kindDescription)")
        }
        return pairs
    }

    static func list(_ node: YAMLNode, key: String, nonEmpty: Bool = true) throws -> [YAMLNode] {
        guard let items = node.sequenceItems else {
            throw SourceError(mark: node.mark, keyPath: key, message: "expected a list, found \(node.kindDescription)")
        }
        if nonEmpty && items.isEmpty {
            throw SourceError(mark: node.mark, keyPath: key,
                              message: "empty expansion: expected at least one entry, found an empty list")
        }
        return items
    }

    /// A `set` mapping: dotted keys to values.
    static func overrides(_ node: YAMLNode, key: String) throws -> [ConfigOverride] {
        try mapping(node, key: key).map { pair in
            let dotted = pair.key.scalarText ?? ""
            if dotted.isEmpty || dotted.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                throw SourceError(mark: pair.key.mark, keyPath: "\(key).\(dotted)",
                                  message: "expected a dotted key such as destroyer.lambda")
            }
            return ConfigOverride(key: dotted, value: pair.value, keyMark: pair.key.mark)
        }
    }

    static func seedList(_ node: YAMLNode) throws -> [Int] {
        let items = try list(node, key: "seeds")
        var seen = Set<Int>()
        return try items.enumerated().map { index, item in
            let seed = try YAMLDecoder().decode(Int.self, from: item, keyPath: "seeds[\(index)]")
            if !seen.insert(seed).inserted {
                throw SourceError(mark: item.mark, keyPath: "seeds[\(index)]", message: "duplicate seed \(seed)")
            }
            return seed
        }
    }

    static func datasetEntries(_ root: YAMLNode, specFile: String, extends: [String]) throws -> [DatasetEntry] {
        guard let node = root["datasets"] else {
            throw SourceError(mark: root.mark, keyPath: "datasets",
                              message: "missing key: expected the list of datasets (e.g. [walkway, plaza, campus])")
        }
        var seen: [DatasetName: SourceMark] = [:]
        return try list(node, key: "datasets").enumerated().map { index, item in
            let path = "datasets[\(index)]"
            var nameNode = item
            var overrides: [ConfigOverride] = []
            if item.mappingPairs != nil {
                try checkKeys(of: item, allowed: datasetKeys, path: path)
                guard let named = item["name"] else {
                    throw SourceError(mark: item.mark, keyPath: "\(path).name", message: "missing key")
                }
                nameNode = named
                if let setNode = item["set"] { overrides = try self.overrides(setNode, key: "\(path).set") }
                if let naming = overrides.first(where: { $0.overlaps("data.name") }) {
                    throw SourceError(mark: naming.keyMark, keyPath: "\(path).set.\(naming.key)",
                                      message: "the dataset is chosen by the entry's name: expected no data.name here")
                }
            }
            let name = try YAMLDecoder().decode(DatasetName.self, from: nameNode, keyPath: "\(path).name")
            if let previous = seen[name] {
                throw SourceError(mark: nameNode.mark, keyPath: "\(path).name",
                                  message: "duplicate dataset '\(name.rawValue)' (first at line \(previous.line))")
            }
            seen[name] = nameNode.mark
            let profile = try DatasetProfile.load(name, specFile: specFile, extends: extends, mark: nameNode.mark)
            return DatasetEntry(name: name, mark: nameNode.mark, profile: profile, overrides: overrides)
        }
    }

    static func gridAxes(_ root: YAMLNode) throws -> [GridAxis] {
        guard let node = root["grid"] else { return [] }
        let pairs = try mapping(node, key: "grid")
        if pairs.isEmpty {
            throw SourceError(mark: node.mark, keyPath: "grid", message: "empty expansion: expected at least one key")
        }
        return try pairs.map { pair in
            let key = pair.key.scalarText ?? ""
            let values = try list(pair.value, key: "grid.\(key)")
            var seen: [String: SourceMark] = [:]
            for value in values {
                let text = canonicalText(value)
                if let previous = seen[text] {
                    throw SourceError(mark: value.mark, keyPath: "grid.\(key)",
                                      message: "duplicate value \(text) (first at line \(previous.line), column \(previous.column))")
                }
                seen[text] = value.mark
            }
            return GridAxis(key: key, keyMark: pair.key.mark, values: values)
        }
    }

    static func variantList(_ root: YAMLNode) throws -> [Variant] {
        guard let node = root["variants"] else { return [] }
        var seen: [String: SourceMark] = [:]
        return try list(node, key: "variants").enumerated().map { index, item in
            let path = "variants[\(index)]"
            _ = try mapping(item, key: path)
            try checkKeys(of: item, allowed: variantKeys, path: path)
            guard let labelNode = item["label"] else {
                throw SourceError(mark: item.mark, keyPath: "\(path).label", message: "missing key: every variant needs a label")
            }
            let label = try string(labelNode, key: "\(path).label")
            if let previous = seen[label] {
                throw SourceError(mark: labelNode.mark, keyPath: "\(path).label",
                                  message: "duplicate label '\(label)' (first at line \(previous.line), column \(previous.column))")
            }
            seen[label] = labelNode.mark
            let overrides = try item["set"].map { try self.overrides($0, key: "\(path).set") } ?? []
            return Variant(label: label, mark: labelNode.mark, overrides: overrides)
        }
    }

    static func tableSpec(_ node: YAMLNode, grid: [GridAxis], variants: [Variant], datasetCount: Int) throws -> TableSpec {
        _ = try mapping(node, key: "table")
        try checkKeys(of: node, allowed: tableKeys, path: "table")
        let layout = try TableLayoutParser.parse(node, grid: grid, variants: variants)
        let rowKeys = layout.rowKeys
        var metrics = ["auc"]
        if let metricsNode = node["metrics"] {
            metrics = try list(metricsNode, key: "table.metrics").enumerated().map { index, item in
                let metric = try string(item, key: "table.metrics[\(index)]")
                guard metricNames.contains(metric) else {
                    throw SourceError(mark: item.mark, keyPath: "table.metrics[\(index)]",
                                      message: "expected one of auc, eer, found '\(metric)'" + KeySuggestion.hint(for: metric, among: metricNames))
                }
                return metric
            }
        }
        let labels = layout.labels
        func numbers(_ key: String) throws -> [String: [Double?]] {
            guard let paperNode = node[key] else { return [:] }
            var result: [String: [Double?]] = [:]
            for pair in try mapping(paperNode, key: "table.\(key)") {
                let row = canonicalText(pair.key)
                let path = "table.\(key).\(row)"
                guard let rowKey = rowKeys.first(where: { $0 == row || labels[$0] == row }) else {
                    throw SourceError(mark: pair.key.mark, keyPath: path,
                                      message: "no such row" + KeySuggestion.hint(for: row, among: rowKeys)
                                          + "; expected one of: " + rowKeys.joined(separator: ", "))
                }
                let items = try list(pair.value, key: path)
                guard items.count == datasetCount else {
                    throw SourceError(mark: pair.value.mark, keyPath: path,
                                      message: "expected \(datasetCount) numbers (one per dataset, null for none), found \(items.count)")
                }
                result[rowKey] = try items.enumerated().map { index, item in
                    item.isNull ? nil : try YAMLDecoder().decode(Double.self, from: item, keyPath: "\(path)[\(index)]")
                }
            }
            return result
        }
        if layout.columns != nil, let paperNode = node["paper"] ?? node["paper_eer"] {
            throw SourceError(mark: paperNode.mark, keyPath: "table.paper",
                              message: "the paper's numbers are given per row and dataset: expected none with table.columns")
        }
        let (claims, reference) = try TableClaimsParser.parse(node, rowKeys: rowKeys, labels: labels)
        if let pooled = layout.average.first, !claims.isEmpty || reference != nil {
            throw SourceError(mark: node["average"]?.mark ?? node.mark, keyPath: "table.average",
                              message: "claims and the reference row are tested seed by seed, and a row pooling \(pooled) "
                                  + "holds several configurations per seed: put \(pooled) on table.rows or table.columns, "
                                  + "or drop table.claims and table.reference")
        }
        return TableSpec(rows: layout.rows, columns: layout.columns, average: layout.average, metrics: metrics,
                         labels: labels, valueLabels: layout.valueLabels, paperAUC: try numbers("paper"),
                         paperEER: try numbers("paper_eer"), rowKeys: rowKeys, columnKeys: layout.columnKeys,
                         claims: claims, reference: reference)
    }

    /// A value's canonical text for row keys: numbers normalised (`4.0` → `4`), strings as written, lists as
    /// `[a, b]`.
    public static func canonicalText(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, let plain):
            if plain, let number = Double(text), number.isFinite { return ParameterValue.number(number).canonical }
            return text
        case .sequence(let items): return "[" + items.map(canonicalText).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { canonicalText($0.key) + ": " + canonicalText($0.value) }.joined(separator: ", ") + "}"
        }
    }
}
