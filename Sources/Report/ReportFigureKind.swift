/// The kinds of figure a report draws, each a file `figures/<kind>_<details>.<svg|png>` in the spec's folder. A
/// report removes the files of these kinds that it did not draw this time (`ReportBuilder.removeStaleFigures`), so
/// a new kind named here is cleaned up with the others.
enum ReportFigureKind: String, CaseIterable {
    case claim, roc, score, montage, training, heatmap

    /// `figures/<kind>_<details>.<fileExtension>`, relative to the spec folder.
    func path(_ details: String, fileExtension: String = "svg") -> String {
        "figures/\(rawValue)_\(details).\(fileExtension)"
    }

    /// Whether `fileName` (a file in `figures/`) is named like a figure of some kind.
    static func names(_ fileName: String) -> Bool {
        (fileName.hasSuffix(".svg") || fileName.hasSuffix(".png"))
            && allCases.contains { fileName.hasPrefix($0.rawValue + "_") }
    }
}
