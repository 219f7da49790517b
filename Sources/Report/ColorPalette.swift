/// The colour-blind-safe palette of Okabe and Ito (2008), in the order series are coloured, plus the fixed colours
/// of the plot furniture.
public enum ColorPalette {
    /// Series colours: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow, black.
    public static let series = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// The colour of series number `index` (cycling through `series`).
    public static func color(_ index: Int) -> String { series[((index % series.count) + series.count) % series.count] }

    /// Dash pattern of series number `index`: solid for the first cycle of colours, then dashed, so series stay
    /// distinct when colours repeat or the figure is printed in grey.
    public static func dash(_ index: Int) -> String? { index / series.count % 2 == 1 ? "6 3" : nil }

    /// Fill of shaded x-ranges (ground-truth anomalous frames): a light red-orange, drawn with opacity.
    public static let shading = "#E69F00"
    /// Axis lines and tick labels.
    public static let axis = "#333333"
    /// Grid lines.
    public static let grid = "#DDDDDD"
}
