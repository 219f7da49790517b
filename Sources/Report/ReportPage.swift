/// The HTML of one spec's report: a title, sections in order, and a list of what is missing. Self-contained (inline
/// CSS, no script); figures are linked by relative paths beside the page.
public struct ReportPage: Sendable {
    /// The spec's name.
    public var spec: String
    /// Heading of the page (the table's title when known).
    public var title: String
    /// The sections, in order: (heading, HTML body).
    public var sections: [(heading: String, html: String)] = []
    /// What could not be drawn, one line each.
    public var missing: [String] = []

    /// An empty page for `spec`.
    public init(spec: String) {
        self.spec = spec
        self.title = spec
    }

    /// Appends a section.
    public mutating func add(section heading: String, html: String) {
        sections.append((heading, html))
    }

    /// The complete HTML document.
    public func render() -> String {
        var body = ["<p class=\"nav\"><a href=\"../index.html\">all reports</a></p>",
                    "<h1>\(SVGDocument.escaped(title))</h1>",
                    "<p class=\"note\">Spec <code>\(SVGDocument.escaped(spec))</code>. Sections: "
                        + sections.map { "<a href=\"#\(Self.anchor($0.heading))\">\(SVGDocument.escaped($0.heading))</a>" }
                            .joined(separator: " · ")
                        + (missing.isEmpty ? "" : " · <a href=\"#missing\">Missing (\(missing.count))</a>") + "</p>"]
        for section in sections {
            body.append("<section id=\"\(Self.anchor(section.heading))\">")
            body.append("<h2 class=\"section\">\(SVGDocument.escaped(section.heading))</h2>")
            body.append(section.html)
            body.append("</section>")
        }
        if !missing.isEmpty {
            body.append("<section id=\"missing\">")
            body.append("<h2 class=\"section\">Missing</h2>")
            body.append("<p class=\"note\">Not drawn because an artifact is not (yet) there:</p>")
            body.append("<ul class=\"missing\">\n" + missing.map { "<li>\(SVGDocument.escaped($0))</li>" }.joined(separator: "\n") + "\n</ul>")
            body.append("</section>")
        }
        return Self.document(title: "\(title) — report", body: body.joined(separator: "\n"))
    }

    /// A full HTML5 document with the shared style sheet.
    public static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(SVGDocument.escaped(title))</title>
        <style>
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1400px; color: #222; padding: 0 16px; }
        h1 { font-size: 26px; } h2.section { font-size: 21px; border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 36px; }
        h3 { font-size: 16px; margin-top: 20px; }
        table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
        thead th { background: #f0f0f0; } tbody th { text-align: left; font-weight: normal; }
        p.note { color: #555; font-size: 14px; }
        figure { display: inline-block; margin: 6px 10px 14px 0; vertical-align: top; }
        figure img { border: 1px solid #e4e4e4; max-width: 100%; }
        figure.small img { width: 440px; }
        figure.medium img { width: 560px; }
        figcaption { font-size: 13px; color: #555; }
        ul.missing { font-size: 13px; color: #8a4b00; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// A figure linking an SVG at the relative path `path`.
    public static func figure(_ path: String, caption: String, size: FigureSize = .full) -> String {
        "<figure\(size == .full ? "" : " class=\"\(size.rawValue)\"")><img src=\"\(href(path))\" alt=\"\(SVGDocument.escaped(caption))\">"
            + "<figcaption>\(SVGDocument.escaped(caption))</figcaption></figure>"
    }

    /// Display width of a figure on the page.
    public enum FigureSize: String, Sendable {
        /// Natural size (montages).
        case full
        /// 560 px wide: two per row (ROC and training curves).
        case medium
        /// 440 px wide: per-video score curves, two or three per row.
        case small
    }

    /// A figure showing a PNG at the relative path `path`.
    public static func image(_ path: String, caption: String) -> String {
        figure(path, caption: caption)
    }

    /// A paragraph saying a section is empty, and why.
    public static func empty(_ reason: String) -> String {
        "<p class=\"note\"><em>\(SVGDocument.escaped(reason)).</em></p>"
    }

    /// A relative path as an attribute value (escaped; file names are already restricted to safe characters).
    static func href(_ path: String) -> String { SVGDocument.escaped(path) }

    /// The id of a section heading.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
