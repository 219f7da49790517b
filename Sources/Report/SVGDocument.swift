import Foundation

/// A small SVG 1.1 document written as text: elements are appended in drawing order and `render()` gives the file.
///
/// Coordinates are in user units (pixels) with the origin top-left and y growing downwards. Every number is written
/// with a fixed number of decimals (`SVGDocument.number`), so the same figure always gives the same bytes (diffable).
public struct SVGDocument: Sendable, Equatable {
    /// Width of the drawing in pixels.
    public var width: Double
    /// Height of the drawing in pixels.
    public var height: Double
    /// The element lines in drawing order (each a complete XML element).
    public private(set) var elements: [String] = []

    /// An empty drawing of `width` × `height` pixels.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Writes `value` with at most `decimals` decimals (fixed formatting, trailing zeros and `-0` removed).
    public static func number(_ value: Double, decimals: Int = 2) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped for XML content and attribute values.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Appends a line from (`x1`, `y1`) to (`x2`, `y2`).
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                              dash: String? = nil, className: String? = nil) {
        var text = "<line" + Self.classAttribute(className)
        text += " x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
        text += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
        if let dash { text += " stroke-dasharray=\"\(dash)\"" }
        elements.append(text + "/>")
    }

    /// Appends an axis-aligned rectangle with top-left corner (`x`, `y`).
    public mutating func rectangle(x: Double, y: Double, width: Double, height: Double, fill: String,
                                   opacity: Double = 1, stroke: String? = nil, className: String? = nil) {
        var text = "<rect" + Self.classAttribute(className)
        text += " x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\""
        text += " height=\"\(Self.number(height))\" fill=\"\(fill)\""
        if opacity != 1 { text += " fill-opacity=\"\(Self.number(opacity))\"" }
        if let stroke { text += " stroke=\"\(stroke)\"" }
        elements.append(text + "/>")
    }

    /// Appends an open polyline through `points` as a `<path>` (`M x y L x y …`), without fill.
    public mutating func path(points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5,
                              dash: String? = nil, className: String? = nil, title: String? = nil) {
        guard let first = points.first else { return }
        var data = "M\(Self.number(first.x)) \(Self.number(first.y))"
        for point in points.dropFirst() { data += " L\(Self.number(point.x)) \(Self.number(point.y))" }
        var text = "<path" + Self.classAttribute(className) + " d=\"\(data)\" fill=\"none\" stroke=\"\(stroke)\""
        text += " stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\""
        if let dash { text += " stroke-dasharray=\"\(dash)\"" }
        if let title {
            elements.append(text + "><title>\(Self.escaped(title))</title></path>")
        } else {
            elements.append(text + "/>")
        }
    }

    /// Appends a closed, filled polygon through `points` (a `<path>` ending in `Z`), without stroke.
    public mutating func polygon(points: [(x: Double, y: Double)], fill: String, opacity: Double = 1,
                                 className: String? = nil) {
        guard let first = points.first else { return }
        var data = "M\(Self.number(first.x)) \(Self.number(first.y))"
        for point in points.dropFirst() { data += " L\(Self.number(point.x)) \(Self.number(point.y))" }
        var text = "<path" + Self.classAttribute(className) + " d=\"\(data) Z\" fill=\"\(fill)\" stroke=\"none\""
        if opacity != 1 { text += " fill-opacity=\"\(Self.number(opacity))\"" }
        elements.append(text + "/>")
    }

    /// Where a text's anchor point lies along its baseline.
    public enum TextAnchor: String, Sendable {
        /// The anchor is the text's left end.
        case start
        /// The anchor is the text's centre.
        case middle
        /// The anchor is the text's right end.
        case end
    }

    /// Appends `content` at (`x`, `y`) (the baseline), optionally rotated by `rotation` degrees around that point.
    public mutating func text(_ content: String, x: Double, y: Double, size: Double = 13,
                              anchor: TextAnchor = .start, weight: String? = nil, rotation: Double? = nil,
                              fill: String = "#222222", className: String? = nil) {
        var text = "<text" + Self.classAttribute(className)
        text += " x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\""
        text += " text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if let weight { text += " font-weight=\"\(weight)\"" }
        if let rotation {
            text += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
        }
        elements.append(text + ">\(Self.escaped(content))</text>")
    }

    /// The complete SVG file: XML declaration, `<svg>` root with `viewBox`, a white background, the elements.
    public func render() -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        lines.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" "
                     + "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
                     + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">")
        lines.append("<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>")
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `render()` to `url` (UTF-8, atomically).
    public func write(to url: URL) throws {
        do {
            try Data(render().utf8).write(to: url, options: .atomic)
        } catch {
            throw ReportError.io(path: url.path, message: "cannot write the SVG file (\(error.localizedDescription))")
        }
    }

    static func classAttribute(_ name: String?) -> String {
        name.map { " class=\"\(escaped($0))\"" } ?? ""
    }
}
