import Foundation

/// Where and how often a training phase writes TensorBoard events: its run folder (one per training node) and
/// the step interval of its image panel. Not part of any stage's key: logging never changes what is trained.
public struct TensorBoardRun: Sendable, Equatable {
    /// The run folder (`<log root>/<node label>_<short key>`).
    public var directory: URL
    /// An image panel every this many steps (and at the last step).
    public var imageEvery: Int

    /// Creates the settings; `imageEvery` is at least 1.
    public init(directory: URL, imageEvery: Int) {
        self.directory = directory
        self.imageEvery = max(1, imageEvery)
    }
}
