import TensorCore
import VideoData

extension DestroyerTrainer {
    /// The TensorBoard panel of the last trained step, first clip of the batch: the Destroyer's input (the
    /// generator's prediction with patch noise), its output, and the diff_p map (each pixel's patch weight in
    /// [0, 1]). Nil before the first step.
    func panel() -> RasterImage? {
        guard let (input, output, difficulty) = lastStep else { return nil }
        let (_, c, h, w) = output.nchw
        let tiles = [
            TrainingPanel.frame(input, channelsPerClip: c, channels: c, height: h, width: w),
            TrainingPanel.frame(output.scalars, channelsPerClip: c, channels: c, height: h, width: w),
            TrainingPanel.heat(Array(difficulty.scalars.prefix(h * w)), height: h, width: w),
        ]
        return TrainingPanel.row(tiles, scale: TrainingPanel.scale(forHeight: h))
    }
}
