import Foundation

/// Renders the Markdown that `PaperTable.markdown()` writes (a `## title`, one pipe table, note paragraphs) as HTML:
/// `<h2>`, `<table>` (header row, alignment row dropped, right-aligned number columns), `<p>`; `**bold**` becomes
/// `<strong>`. Everything else is escaped text.
public enum MarkdownTableHTML {
    /// The HTML of `markdown`.
    public static func render(_ markdown: String) -> String {
        var html: [String] = []
        var tableRows: [[String]] = []
        func flushTable() {
            guard let header = tableRows.first else { return }
            var lines = ["<table>", "<thead><tr>" + header.map { "<th>\(inline($0))</th>" }.joined() + "</tr></thead>", "<tbody>"]
            for row in tableRows.dropFirst() {
                lines.append("<tr>" + row.enumerated().map { index, cell in
                    index == 0 ? "<th scope=\"row\">\(inline(cell))</th>" : "<td>\(inline(cell))</td>"
                }.joined() + "</tr>")
            }
            lines += ["</tbody>", "</table>"]
            html.append(lines.joined(separator: "\n"))
            tableRows = []
        }
        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("|") {
                let cells = splitRow(line)
                if cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } && !$0.isEmpty }) { continue }
                tableRows.append(cells)
                continue
            }
            flushTable()
            if line.isEmpty { continue }
            if line.hasPrefix("## ") {
                html.append("<h2>\(inline(String(line.dropFirst(3))))</h2>")
            } else if line.hasPrefix("# ") {
                html.append("<h2>\(inline(String(line.dropFirst(2))))</h2>")
            } else {
                html.append("<p class=\"note\">\(inline(line))</p>")
            }
        }
        flushTable()
        return html.joined(separator: "\n")
    }

    /// The cells of a `| a | b |` line (`\|` is a literal bar).
    static func splitRow(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line.dropFirst() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { cells.append(rest) }
        return cells
    }

    /// Escapes `text` and turns `**x**` into `<strong>x</strong>`.
    static func inline(_ text: String) -> String {
        let parts = SVGDocument.escaped(text).components(separatedBy: "**")
        var out = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { out += index % 2 == 1 ? (index < parts.count - 1 ? "<strong>" : "**") : "</strong>" }
            out += part
        }
        return out
    }
}
