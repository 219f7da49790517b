/// A batch of clips as plain arrays in NCHW order, ready to be turned into tensors by the model code.
///
/// With N clips, `history` input frames, C frame channels, K classes and working size H×W:
/// - `frames`: (N, history·C, H, W), input frames oldest first, values in [-1, 1];
/// - `target`: (N, C, H, W), the frame after the inputs, in [-1, 1];
/// - `labels`: (N, history·K, H, W), one-hot class maps of the input frames (frame-major: frame 0's K
///   channels first), 0 or 1;
/// - `flow`: (N, (history−1)·2, H, W), flow from input frame k to k+1 as (u, v) channel pairs, in pixels of the
///   working resolution times `ClipConfiguration.flowScale`.
public struct ClipBatch: Sendable {
    /// Number of clips N.
    public var count: Int
    /// Input frames per clip.
    public var history: Int
    /// Frame channels C (1 grey, 3 RGB).
    public var channels: Int
    /// Number of classes K in the one-hot label maps.
    public var classCount: Int
    /// Working height H.
    public var height: Int
    /// Working width W.
    public var width: Int
    /// Input frames, (N, history·C, H, W), in [-1, 1].
    public var frames: [Float]
    /// Target frames, (N, C, H, W), in [-1, 1].
    public var target: [Float]
    /// One-hot label maps of the input frames, (N, history·K, H, W).
    public var labels: [Float]
    /// Flow between consecutive input frames, (N, (history−1)·2, H, W).
    public var flow: [Float]
    /// For each clip, the index of its video in the sampler.
    public var videoIndices: [Int]
    /// For each clip, the 0-based frame index of its target frame in its video.
    public var targetFrameIndices: [Int]
    /// For each clip, the target frame's 0/1 anomaly label (test videos with ground truth; else empty).
    public var targetLabels: [UInt8]

    /// Shape of `frames`: [N, history·C, H, W].
    public var framesShape: [Int] { [count, history * channels, height, width] }
    /// Shape of `target`: [N, C, H, W].
    public var targetShape: [Int] { [count, channels, height, width] }
    /// Shape of `labels`: [N, history·K, H, W].
    public var labelsShape: [Int] { [count, history * classCount, height, width] }
    /// Shape of `flow`: [N, (history−1)·2, H, W].
    public var flowShape: [Int] { [count, (history - 1) * 2, height, width] }
}
