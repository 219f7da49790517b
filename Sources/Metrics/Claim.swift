import Foundation

/// A claim of the paper about the rows of one table, stated as data and tested per dataset by `ClaimTest`.
///
/// Written in a spec as text (`table.claims`), parsed by `init(parsing:rows:)`:
/// - `"<row> is best"`: the row beats every other row of the table;
/// - `"<row> > <row>"`: the first row beats the second; `"<a> > <b> > <c>"`: each row beats the next
///   (`a > b` and `b > c`).
/// A row is named by its table label or its key (e.g. `4` or `λ = 4`); names are compared after trimming spaces.
public enum Claim: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The row beats every other row.
    case best(String)
    /// Each row beats the next one (two or more rows).
    case order([String])

    /// Parses a claim's text; `rows` are the table's row names (labels), `aliases` maps other accepted names (row
    /// keys) to labels. Throws `VerdictError` naming what is wrong.
    public init(parsing text: String, rows: [String], aliases: [String: String] = [:]) throws {
        func resolve(_ raw: Substring) throws -> String {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if rows.contains(name) { return name }
            if let label = aliases[name] { return label }
            throw VerdictError("claim '\(text)': no row '\(name)'; rows: " + rows.joined(separator: ", "))
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bestSuffix = " is best"
        if trimmed.hasSuffix(bestSuffix) {
            self = .best(try resolve(trimmed.dropLast(bestSuffix.count)))
            return
        }
        let parts = trimmed.components(separatedBy: " > ")
        guard parts.count >= 2 else {
            throw VerdictError("claim '\(text)': expected '<row> is best' or '<row> > <row> [> <row> …]'")
        }
        let names = try parts.map { try resolve(Substring($0)) }
        if Set(names).count != names.count {
            throw VerdictError("claim '\(text)': a row appears twice")
        }
        self = .order(names)
    }

    /// The claim as written in a spec (`λ = 4 is best`, `CI > CD > None`).
    public var description: String {
        switch self {
        case .best(let row): return "\(row) is best"
        case .order(let rows): return rows.joined(separator: " > ")
        }
    }

    /// The rows the claim names.
    public var rows: [String] {
        switch self {
        case .best(let row): return [row]
        case .order(let rows): return rows
        }
    }

    /// The (better, worse) pairs the claim asserts, among the table's `allRows`.
    public func comparisons(allRows: [String]) -> [(better: String, worse: String)] {
        switch self {
        case .best(let row): return allRows.filter { $0 != row }.map { (row, $0) }
        case .order(let rows): return zip(rows, rows.dropFirst()).map { ($0, $1) }
        }
    }

    private enum CodingKeys: String, CodingKey { case best, order }

    /// Decodes `{"best": row}` or `{"order": [rows]}`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let row = try container.decodeIfPresent(String.self, forKey: .best) {
            self = .best(row)
        } else {
            self = .order(try container.decode([String].self, forKey: .order))
        }
    }

    /// Encodes `{"best": row}` or `{"order": [rows]}`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .best(let row): try container.encode(row, forKey: .best)
        case .order(let rows): try container.encode(rows, forKey: .order)
        }
    }
}
