import Foundation

/// "Nice" axis ticks: round numbers (1, 2, 2.5 or 5 times a power of ten apart) covering a data range.
public struct NiceTicks: Sendable, Equatable {
    /// The axis lower bound (a multiple of `step`, ≤ the data minimum).
    public let lower: Double
    /// The axis upper bound (a multiple of `step`, ≥ the data maximum).
    public let upper: Double
    /// Distance between ticks.
    public let step: Double
    /// The tick values from `lower` to `upper`.
    public let values: [Double]
    /// Decimals needed to print the ticks exactly (0 for integers).
    public let decimals: Int

    /// Ticks for data in [`minimum`, `maximum`] with about `targetCount` intervals. An empty or degenerate range is
    /// widened around its value; non-finite bounds give the range [0, 1].
    public init(minimum: Double, maximum: Double, targetCount: Int = 5) {
        var low = minimum.isFinite ? minimum : 0
        var high = maximum.isFinite ? maximum : 1
        if low > high { swap(&low, &high) }
        if high - low < 1e-12 {
            let pad = Swift.max(abs(low) * 0.1, 0.5)
            low -= pad
            high += pad
        }
        let raw = (high - low) / Double(Swift.max(targetCount, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double
        if fraction <= 1 { nice = 1 } else if fraction <= 2 { nice = 2 } else if fraction <= 2.5 { nice = 2.5 }
        else if fraction <= 5 { nice = 5 } else { nice = 10 }
        let step = nice * magnitude
        let lower = floor(low / step + 1e-9) * step
        let upper = ceil(high / step - 1e-9) * step
        var values: [Double] = []
        var index = 0.0
        while lower + index * step <= upper + step * 1e-6 {
            values.append(lower + index * step)
            index += 1
        }
        self.lower = lower
        self.upper = upper
        self.step = step
        self.values = values
        // Decimals: the fewest that print the step exactly (25 → 0, 2.5 → 1, 0.25 → 2, 0.2 → 1).
        var decimals = 0
        while decimals < 12 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, scaled) { break }
            decimals += 1
        }
        self.decimals = decimals
    }

    /// The tick label of `value`, with `decimals` decimals.
    public func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
