import TensorCore
import VideoData

extension GeneratorTrainer {
    /// The TensorBoard panel of the last trained step, first clip of the batch: last input frame, prediction,
    /// target and error map (|prediction − target| averaged over channels, full brightness at
    /// `TrainingPanel.errorFullScale`). Nil before the first step.
    func panel() -> RasterImage? {
        guard let (inputs, prediction) = lastStep else { return nil }
        let (_, c, h, w) = prediction.nchw
        let history = inputs.frames.shape[1] / c
        let predicted = prediction.scalars, target = inputs.target.scalars
        let tiles = [
            TrainingPanel.frame(inputs.frames.scalars, channelsPerClip: history * c, channelOffset: (history - 1) * c,
                                channels: c, height: h, width: w),
            TrainingPanel.frame(predicted, channelsPerClip: c, channels: c, height: h, width: w),
            TrainingPanel.frame(target, channelsPerClip: c, channels: c, height: h, width: w),
            TrainingPanel.heat(TrainingPanel.errorMap(predicted, target, channels: c, height: h, width: w), height: h, width: w),
        ]
        return TrainingPanel.row(tiles, scale: TrainingPanel.scale(forHeight: h))
    }
}
