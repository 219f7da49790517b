import Foundation
import TensorCore
import VideoData

/// A `ClipBatch` as the tensors the networks take (frames, label maps, flow, target), NCHW.
public struct ModelInputs {
    /// Input frames `[N, history·C, H, W]` in [−1, 1].
    public var frames: Tensor
    /// One-hot label maps `[N, history·K, H, W]`.
    public var labels: Tensor
    /// Flow `[N, (history−1)·2, H, W]` (scaled as `StageData.flowScale`).
    public var flow: Tensor
    /// The real next frame `[N, C, H, W]` in [−1, 1].
    public var target: Tensor

    /// The four tensors as given (shapes as documented above).
    public init(frames: Tensor, labels: Tensor, flow: Tensor, target: Tensor) {
        self.frames = frames
        self.labels = labels
        self.flow = flow
        self.target = target
    }

    /// Wraps the arrays of `batch` into tensors.
    public init(_ batch: ClipBatch) {
        frames = Tensor(shape: batch.framesShape, scalars: batch.frames)
        labels = Tensor(shape: batch.labelsShape, scalars: batch.labels)
        flow = Tensor(shape: batch.flowShape, scalars: batch.flow)
        target = Tensor(shape: batch.targetShape, scalars: batch.target)
    }
}
