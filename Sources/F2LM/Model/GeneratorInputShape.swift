/// The channel counts of the generator's inputs and output, fixed by the data: with `history` input frames of
/// C channels and K label classes, frames have `history·C`, label maps `history·K` and flow `(history−1)·2`
/// channels; the prediction has C.
public struct GeneratorInputShape: Sendable, Hashable, Codable {
    /// Frame channels C (1 grey, 3 colour).
    public var channels: Int
    /// Number of label classes K of the one-hot label maps.
    public var classCount: Int
    /// Input frames per clip.
    public var history: Int

    /// Creates a shape.
    public init(channels: Int, classCount: Int, history: Int) {
        precondition(channels >= 1 && classCount >= 1 && history >= 2, "GeneratorInputShape: bad sizes")
        self.channels = channels
        self.classCount = classCount
        self.history = history
    }

    /// Channels of the frame input, `history·C`.
    public var frameChannels: Int { history * channels }
    /// Channels of the label input, `history·K`.
    public var labelChannels: Int { history * classCount }
    /// Channels of the flow input, `(history−1)·2`.
    public var flowChannels: Int { (history - 1) * 2 }

    /// The shape as checkpoint metadata (so a later stage can check it matches its data).
    public var metadata: [String: String] {
        ["channels": String(channels), "class_count": String(classCount), "history": String(history)]
    }
}
