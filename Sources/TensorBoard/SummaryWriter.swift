import Foundation

/// Writes the summaries of one TensorBoard run (one folder): scalars, PNG images and raw summaries, each as an
/// event of a new event file in the folder.
///
/// `SummaryWriter(directory:resumingAfter:)` first cuts the folder's earlier files back to the given step, so a
/// resumed process that logs the steps after its checkpoint never duplicates one.
public final class SummaryWriter {
    /// The run folder.
    public let directory: URL
    let file: EventFileWriter

    /// Opens a new event file in `directory`; with `resumingAfter` = s, events of earlier files with a step above
    /// s are removed first (s = 0: the run starts over).
    public init(directory: URL, resumingAfter step: Int? = nil) throws {
        self.directory = directory
        if let step { try EventFiles.truncate(directory: directory, keepingStepsThrough: step) }
        file = try EventFileWriter(directory: directory)
    }

    /// The event file this writer appends to.
    public var url: URL { file.url }

    /// Writes `summary` as the event of `step`.
    public func write(_ summary: TBSummary, step: Int, wallTime: Date = Date()) throws {
        var event = TBEvent()
        event.wallTime = wallTime.timeIntervalSince1970
        event.step = Int64(step)
        event.summary = summary
        try file.write(event)
    }

    /// Writes scalars (tag, value) as one event of `step` (values stored as 32-bit `simple_value`).
    public func scalars(_ values: [(tag: String, value: Double)], step: Int, wallTime: Date = Date()) throws {
        var summary = TBSummary()
        summary.value = values.map { item in
            var value = TBSummary.Value()
            value.tag = item.tag
            value.simpleValue = Float(item.value)
            return value
        }
        try write(summary, step: step, wallTime: wallTime)
    }

    /// Writes one PNG image (`channels`: 1 grey, 3 RGB) under `tag` at `step`.
    public func image(_ tag: String, png: Data, width: Int, height: Int, channels: Int, step: Int,
                      wallTime: Date = Date()) throws {
        var image = TBSummary.Image()
        image.width = Int32(width)
        image.height = Int32(height)
        image.colorspace = Int32(channels)
        image.encodedImageString = png
        var value = TBSummary.Value()
        value.tag = tag
        value.image = image
        var summary = TBSummary()
        summary.value = [value]
        try write(summary, step: step, wallTime: wallTime)
    }
}
