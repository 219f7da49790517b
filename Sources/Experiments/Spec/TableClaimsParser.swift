import Metrics
import YAML

/// Reads `table.claims` and `table.reference` of a spec (kept apart from `SpecParser` so the claim grammar lives in
/// one place).
///
/// ```yaml
/// table:
///   reference: 4                    # the row other rows are compared with (cells marked ▲/▼ beyond noise)
///   claims:                         # the paper's claims, each tested per dataset (see `Claim`)
///     - "4 is best"                 # <row> is best: beats every other row
///     - "Dropout(CI) > Dropout(CD) > None"   # each row beats the next
/// ```
/// Rows are named by table label or row key (`4` or `λ = 4` when `labels` maps 4 to "λ = 4"); claims are stored
/// with labels. Errors point at the claim's line and column.
enum TableClaimsParser {
    /// The claims and reference of a table node whose rows have `rowKeys` and display `labels`.
    static func parse(_ node: YAMLNode, rowKeys: [String], labels: [String: String]) throws
        -> (claims: [Claim], reference: String?) {
        let rowLabels = rowKeys.map { labels[$0] ?? $0 }
        var aliases: [String: String] = [:]
        for key in rowKeys { aliases[key] = labels[key] ?? key }
        var claims: [Claim] = []
        if let claimsNode = node["claims"] {
            for (index, item) in try SpecParser.list(claimsNode, key: "table.claims").enumerated() {
                let path = "table.claims[\(index)]"
                let text = try SpecParser.string(item, key: path)
                do {
                    claims.append(try Claim(parsing: text, rows: rowLabels, aliases: aliases))
                } catch let error as VerdictError {
                    throw SourceError(mark: item.mark, keyPath: path, message: error.description)
                }
            }
        }
        var reference: String?
        if let referenceNode = node["reference"] {
            let name = SpecParser.canonicalText(referenceNode)
            guard let label = rowLabels.contains(name) ? name : aliases[name] else {
                throw SourceError(mark: referenceNode.mark, keyPath: "table.reference",
                                  message: "no row '\(name)'" + KeySuggestion.hint(for: name, among: rowLabels)
                                      + "; rows: " + rowLabels.joined(separator: ", "))
            }
            reference = label
        }
        return (claims, reference)
    }
}
