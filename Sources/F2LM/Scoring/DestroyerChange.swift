import Foundation

/// What the Destroyer does at test time, inside and outside the anomalous regions (issue 13's diagnostic): the
/// mean per-pixel change `Δ = (D(Î) − Î) / 2` it makes to the clean prediction Î, averaged over channels, on the
/// [0, 1] intensity scale (negative: darker). A Destroyer that "destroys only anomalies" changes the pixels inside
/// the anomaly masks much more than the rest; one that darkens every frame changes both alike.
///
/// `inside` averages Δ over the pixels of the test frames' anomaly masks (`pixel_masks/`, resized to the working
/// resolution, thresholded at half); `outside` over every other pixel of every scored test frame (normal frames and
/// the rest of anomalous ones). nil when no pixel is in the region (a dataset without pixel masks has no inside).
/// Written by the scores node as `destroyer_change.json` (`StageArtifact.destroyerChange`).
public struct DestroyerChange: Codable, Sendable, Equatable {
    /// Mean Δ inside the anomaly masks; nil without masked pixels.
    public var inside: Double?
    /// Mean Δ over all other scored pixels; nil without any.
    public var outside: Double?
    /// Pixels averaged for `inside`.
    public var insidePixels: Int
    /// Pixels averaged for `outside`.
    public var outsidePixels: Int

    enum CodingKeys: String, CodingKey {
        case inside, outside, insidePixels = "inside_pixels", outsidePixels = "outside_pixels"
    }

    /// Reads `destroyer_change.json`; nil when the file is missing (a run without a Destroyer, or scored before
    /// the file existed) or unreadable.
    public static func read(from url: URL) -> DestroyerChange? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(DestroyerChange.self, from: data)
    }

    /// Writes the JSON file (sorted keys, pretty printed).
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

/// Sums of Δ inside and outside the anomaly masks, batch by batch.
struct DestroyerChangeAccumulator {
    private var insideSum = 0.0, outsideSum = 0.0
    private var insideCount = 0, outsideCount = 0

    /// Adds one frame: `change` holds Δ per pixel (H·W, already averaged over channels); `mask` 0/1 per pixel,
    /// nil when the frame has none (every pixel counts as outside).
    mutating func add(change: ArraySlice<Double>, mask: [UInt8]?) {
        if let mask {
            precondition(mask.count == change.count, "DestroyerChangeAccumulator: mask of \(mask.count) for \(change.count) pixels")
            for (value, inside) in zip(change, mask) {
                if inside != 0 { insideSum += value; insideCount += 1 } else { outsideSum += value; outsideCount += 1 }
            }
        } else {
            for value in change { outsideSum += value }
            outsideCount += change.count
        }
    }

    /// The means so far.
    var result: DestroyerChange {
        DestroyerChange(inside: insideCount > 0 ? insideSum / Double(insideCount) : nil,
                        outside: outsideCount > 0 ? outsideSum / Double(outsideCount) : nil,
                        insidePixels: insideCount, outsidePixels: outsideCount)
    }
}
