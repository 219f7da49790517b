/// `f2lm compare --by config`: runs aligned by their resolved configuration, whatever spec or row label holds them.
///
/// A configuration is a dataset with every identity parameter but the seed (runs.csv's parameter columns): the runs
/// of one configuration differ only by seed, and one seed of it is one run hash. Each file's runs are grouped by
/// configuration (a run hash listed twice counts once), each metric averaged over the group's finished runs, and the
/// groups of A and B with the same configuration are paired. When the labels that hold a configuration differ
/// (Table 8's "λ = 4" and Table 7's "32 × 32" are one run), the entry's note says so.
extension ResultsComparison {
    /// A configuration's key: dataset, then the sorted `key=value` parameters.
    struct ConfigurationKey: Hashable {
        var dataset: String
        var parameters: [String]

        init(_ record: RunsCSV.Record) {
            dataset = record.dataset
            parameters = record.parameters.map { "\($0.key)=\($0.value)" }.sorted()
        }
    }

    /// One file's runs of one configuration: the spec/row labels holding them (first seen first) and its side.
    struct ConfigurationGroup {
        var labels: [String]
        var side: Side
        var first: RunsCSV.Record
    }

    /// The configurations of one file, in order of first appearance.
    static func configurationGroups(_ records: [RunsCSV.Record]) -> (order: [ConfigurationKey], groups: [ConfigurationKey: ConfigurationGroup]) {
        var order: [ConfigurationKey] = []
        var members: [ConfigurationKey: [RunsCSV.Record]] = [:]
        for record in records {
            let key = ConfigurationKey(record)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(record)
        }
        var groups: [ConfigurationKey: ConfigurationGroup] = [:]
        for (key, group) in members {
            var seenHashes = Set<String>()
            let runs = group.filter { $0.runHash.isEmpty || seenHashes.insert($0.runHash).inserted }
            let side = averagedSide(runs, firstRunPerSeed: true)
            var labels: [String] = []
            for record in group {
                let text = Self.label(record)
                if !labels.contains(text) { labels.append(text) }
            }
            groups[key] = ConfigurationGroup(labels: labels, side: side, first: group[0])
        }
        return (order, groups)
    }

    /// "spec "row"" (with the column after ", " for a sweep whose columns are grid values).
    static func label(_ record: RunsCSV.Record) -> String {
        "\(record.spec) \"\(RunsCSV.Record.configurationRow(row: record.row, column: record.column))\""
    }

    /// "one configuration: A table8_lambda "λ = 4" = B table7_patch "32 × 32"" when the labels holding a
    /// configuration differ (between the files or within one), else "".
    static func sameConfigurationNote(a: ConfigurationGroup?, b: ConfigurationGroup?) -> String {
        let labels = (a?.labels ?? []) + (b?.labels ?? [])
        guard Set(labels).count > 1 else { return "" }
        var parts: [String] = []
        if let a { parts.append("A " + a.labels.joined(separator: " = ")) }
        if let b { parts.append("B " + b.labels.joined(separator: " = ")) }
        return "one configuration: " + parts.joined(separator: " = ")
    }

    /// Entries of `.config` alignment: A's configurations in order, then those only in B.
    static func alignConfigurations(_ a: [RunsCSV.Record], _ b: [RunsCSV.Record]) -> [Entry] {
        let left = configurationGroups(a)
        let right = configurationGroups(b)
        func entry(_ group: ConfigurationGroup, a: ConfigurationGroup?, b: ConfigurationGroup?) -> Entry {
            let record = group.first
            var entry = Entry(spec: record.spec, row: RunsCSV.Record.configurationRow(row: record.row, column: record.column),
                              dataset: record.dataset, seed: nil, a: a?.side, b: b?.side,
                              matchedBy: a != nil && b != nil ? "config" : "")
            entry.note = sameConfigurationNote(a: a, b: b)
            return entry
        }
        var entries: [Entry] = []
        for key in left.order {
            let group = left.groups[key]!
            entries.append(entry(group, a: group, b: right.groups[key]))
        }
        for key in right.order where left.groups[key] == nil {
            let group = right.groups[key]!
            entries.append(entry(group, a: nil, b: group))
        }
        return entries
    }
}

extension ResultsComparison.Alignment {
    /// How entries were aligned, for the line above the table.
    var legend: String {
        switch self {
        case .hash: return "run hash, else (row, dataset, seed)"
        case .row: return "(row, dataset), mean over seeds"
        case .config: return "resolved configuration (dataset and parameters, whatever the spec or row), mean over seeds"
        }
    }
}
