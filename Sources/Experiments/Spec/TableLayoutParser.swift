import YAML

/// Reads where a spec's axes go in its table: `table.rows`, `table.columns`, `table.average` and `table.labels`,
/// and checks that every axis along which runs vary has exactly one place.
///
/// ```yaml
/// grid: {destroyer.lambda: [2, 4], model.alpha: [0.2, 1.0]}
/// table:
///   rows: destroyer.lambda           # one key, a list of keys, or variant plus keys: [variant, destroyer.lambda]
///   columns: model.alpha             # datasets (the default) or a grid key: its values inside each dataset
///   average: []                      # grid keys pooled within a cell on purpose
///   labels: {destroyer.lambda: {2: "λ = 2"}, model.alpha: {0.2: "α = 0.2"}}   # or, for one row axis, {2: "λ = 2"}
/// ```
/// A grid key on none of them is an error at the grid key: the cells would mix configurations and present their
/// spread as seed spread.
enum TableLayoutParser {
    /// Where the axes go, with the row and column keys in table order.
    struct Layout {
        var rows: [TableSpec.Axis]
        var columns: String?
        var average: [String]
        var rowKeys: [String]
        var columnKeys: [String]
        var labels: [String: String]
        var valueLabels: [String: [String: String]]
    }

    /// Parses the layout keys of the `table` node of a spec with these grid axes and variants.
    static func parse(_ node: YAMLNode, grid: [GridAxis], variants: [Variant]) throws -> Layout {
        guard let rowsNode = node["rows"] else {
            throw SourceError(mark: node.mark, keyPath: "table.rows",
                              message: "missing key: expected 'variant', a grid key, or a list of them")
        }
        let gridKeys = grid.map(\.key)
        var placed: [String: String] = [:]  // axis → the table key that places it
        func axisName(_ item: YAMLNode, key: String, allowVariant: Bool) throws -> String {
            let name = try SpecParser.string(item, key: key)
            let candidates = (allowVariant ? ["variant"] : []) + gridKeys
            guard candidates.contains(name) else {
                let expected = allowVariant ? "'variant' or a grid key" : "a grid key"
                throw SourceError(mark: item.mark, keyPath: key,
                                  message: "expected \(expected), found '\(name)'" + KeySuggestion.hint(for: name, among: candidates)
                                      + (gridKeys.isEmpty ? "; the spec has no grid" : "; grid keys: " + gridKeys.joined(separator: ", ")))
            }
            if name == "variant" && variants.isEmpty {
                throw SourceError(mark: item.mark, keyPath: key, message: "rows by variant, but the spec has no variants")
            }
            if let other = placed[name] {
                throw SourceError(mark: item.mark, keyPath: key, message: "'\(name)' is already in \(other): expected each axis in one place")
            }
            placed[name] = key.hasPrefix("table.rows") ? "table.rows" : key.hasPrefix("table.average") ? "table.average" : key
            return name
        }

        // rows: one axis or a list.
        let rowItems = rowsNode.sequenceItems ?? [rowsNode]
        if rowItems.isEmpty {
            throw SourceError(mark: rowsNode.mark, keyPath: "table.rows", message: "expected at least one row axis, found an empty list")
        }
        let rows: [TableSpec.Axis] = try rowItems.enumerated().map { index, item in
            let name = try axisName(item, key: rowsNode.sequenceItems == nil ? "table.rows" : "table.rows[\(index)]",
                                    allowVariant: true)
            return name == "variant" ? .variant : .grid(name)
        }

        // columns: datasets or one grid key.
        var columns: String?
        if let columnsNode = node["columns"] {
            let text = try SpecParser.string(columnsNode, key: "table.columns")
            if text != "datasets" {
                columns = try axisName(columnsNode, key: "table.columns", allowVariant: false)
            }
        }

        // average: grid keys pooled on purpose.
        var average: [String] = []
        if let averageNode = node["average"] {
            let items = averageNode.sequenceItems ?? [averageNode]
            average = try items.enumerated().map { index, item in
                try axisName(item, key: averageNode.sequenceItems == nil ? "table.average" : "table.average[\(index)]",
                             allowVariant: false)
            }
        }

        // Every axis has a place.
        if !variants.isEmpty && placed["variant"] == nil {
            throw SourceError(mark: variants[0].mark, keyPath: "variants",
                              message: "the variants vary within a table row: add variant to table.rows "
                                  + "(e.g. rows: [variant\(rows.isEmpty ? "" : ", " + rows.map(\.name).joined(separator: ", "))])")
        }
        for axis in grid where placed[axis.key] == nil {
            throw SourceError(mark: axis.keyMark, keyPath: "grid.\(axis.key)",
                              message: "grid axis \(axis.key) varies within a table row: add it to table.rows, "
                                  + "table.columns or table.average")
        }

        // Labels: flat (row key → label) or per grid key (value → label).
        func values(_ key: String) -> [String] { grid.first { $0.key == key }?.values.map(SpecParser.canonicalText) ?? [] }
        var valueLabels: [String: [String: String]] = [:]
        var flat: [(key: String, label: String, mark: SourceMark)] = []
        if let labelsNode = node["labels"] {
            for pair in try SpecParser.mapping(labelsNode, key: "table.labels") {
                let key = SpecParser.canonicalText(pair.key)
                if gridKeys.contains(key), pair.value.mappingPairs != nil {
                    for entry in try SpecParser.mapping(pair.value, key: "table.labels.\(key)") {
                        let value = SpecParser.canonicalText(entry.key)
                        guard values(key).contains(value) else {
                            throw SourceError(mark: entry.key.mark, keyPath: "table.labels.\(key).\(value)",
                                              message: "no such value of \(key); expected one of: " + values(key).joined(separator: ", "))
                        }
                        valueLabels[key, default: [:]][value] = try SpecParser.string(entry.value, key: "table.labels.\(key).\(value)")
                    }
                } else {
                    flat.append((key, try SpecParser.string(pair.value, key: "table.labels.\(key)"), pair.key.mark))
                }
            }
        }

        // Row keys: the product of the row axes' values, the first axis slowest.
        var parts: [[(key: String, label: String)]] = [[]]
        for axis in rows {
            let axisParts: [(key: String, label: String)]
            switch axis {
            case .variant:
                axisParts = variants.map { (key: $0.label, label: $0.label) }
            case .grid(let key):
                axisParts = values(key).map { value in
                    (key: value, label: valueLabels[key]?[value] ?? (rows.count == 1 ? value : "\(key)=\(value)"))
                }
            }
            parts = parts.flatMap { prefix in axisParts.map { prefix + [$0] } }
        }
        let rowKeys = parts.map { $0.map(\.key).joined(separator: ", ") }
        var labels: [String: String] = [:]
        for (key, row) in zip(rowKeys, parts) {
            let label = row.map(\.label).joined(separator: ", ")
            if label != key { labels[key] = label }
        }
        for entry in flat {
            guard rowKeys.contains(entry.key) else {
                throw SourceError(mark: entry.mark, keyPath: "table.labels.\(entry.key)",
                                  message: "no such row; expected one of: " + rowKeys.joined(separator: ", ")
                                      + (gridKeys.isEmpty ? "" : ", or a grid key mapping its values to labels"))
            }
            labels[entry.key] = entry.label
        }
        var seen: [String: String] = [:]
        for key in rowKeys {
            let label = labels[key] ?? key
            if let other = seen[label] {
                throw SourceError(mark: node["labels"]?.mark ?? rowsNode.mark, keyPath: "table.labels",
                                  message: "rows \(other) and \(key) are both labelled '\(label)': expected distinct row labels")
            }
            seen[label] = key
        }
        return Layout(rows: rows, columns: columns, average: average, rowKeys: rowKeys,
                      columnKeys: columns.map(values) ?? [], labels: labels, valueLabels: valueLabels)
    }
}
