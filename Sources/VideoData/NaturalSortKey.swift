/// The natural-order key of a file or folder name: runs of ASCII digits compare as numbers (`2.jpg` < `10.jpg`,
/// `Test2` < `Test10`), other runs as strings, a number before a text; names whose parts all agree compare by the
/// part count, then as plain strings.
///
/// A key is computed once per name, so sorting `n` names costs `n` key computations rather than two per
/// comparison (a video folder of a few hundred frames was sorted with ≈ 16 key computations per frame).
struct NaturalSortKey: Comparable {
    /// A maximal run of ASCII digits (its value, `Int.max` when it overflows) or of other characters.
    enum Part: Equatable { case number(Int), text(String) }

    let name: String
    let parts: [Part]

    init(_ name: String) {
        self.name = name
        var parts: [Part] = [], digits = "", text = ""
        for character in name {
            if let ascii = character.asciiValue, ascii >= 0x30, ascii <= 0x39 {
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                digits.append(character)
            } else {
                if !digits.isEmpty { parts.append(.number(Int(digits) ?? Int.max)); digits = "" }
                text.append(character)
            }
        }
        if !digits.isEmpty { parts.append(.number(Int(digits) ?? Int.max)) }
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    static func < (a: NaturalSortKey, b: NaturalSortKey) -> Bool {
        for (x, y) in zip(a.parts, b.parts) where x != y {
            switch (x, y) {
            case (.number(let p), .number(let q)): return p < q
            case (.text(let p), .text(let q)): return p < q
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
        return a.parts.count != b.parts.count ? a.parts.count < b.parts.count : a.name < b.name
    }

    static func == (a: NaturalSortKey, b: NaturalSortKey) -> Bool { a.name == b.name }
}

extension Sequence<String> {
    /// The names in natural order (see ``NaturalSortKey``).
    func naturallySorted() -> [String] { map(NaturalSortKey.init).sorted().map(\.name) }
}
