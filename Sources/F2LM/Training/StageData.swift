import Foundation
import VideoData

/// Loading a stage's data: the dataset folder, its clip configuration for a run, and the generator's input shape.
///
/// Flow normalisation: flow arrives in pixels at the working resolution; it is multiplied by
/// `flowScale = 8 / resolution` (so a motion of 1/8 of the frame is 1.0; at 32×32, 4 pixels), keeping the
/// motion encoder's input near unit range whatever the resolution. (Its first layer is a convolution followed by
/// BatchNorm, so the scale matters little for training; it keeps the numbers comparable across resolutions.)
public enum StageData {
    /// The flow multiplier for a working resolution (`8 / resolution`).
    public static func flowScale(resolution: Int) -> Float { 8 / Float(resolution) }

    /// Loads the dataset folder (throws an error naming it when unreadable or without test ground truth). With
    /// `derivedInputs` (the dataset stage's derived label maps and flow), the videos that lack label maps or flow
    /// read them from there; without, they are computed in memory when the videos are loaded.
    public static func dataset(_ url: URL, derivedInputs: DerivedInputsLocation? = nil) throws -> VideoDataset {
        let dataset = try VideoDataset.load(url.path)
        return try derivedInputs.map { try $0.applied(to: dataset) } ?? dataset
    }

    /// The clip configuration of `data` for `dataset`: history, resolution, channels (3 when `data.color`,
    /// else 1), the dataset's class count, and the flow scale. The user's dataset folder is only read: label maps
    /// and flow a real dataset lacks come from the dataset stage's artifact (`dataset(_:derivedInputs:)`).
    /// With `data.labels: scores` the label channels are the 21 VOC classes for a synthetic family (its class maps
    /// become segmenter scores, `SegmenterScoreModel`) and dataset.json's class count for a real dataset's score arrays.
    public static func clipConfiguration(data: DataConfig, dataset: VideoDataset) -> ClipConfiguration {
        let classCount = data.labels == .scores && dataset.info?.family != nil
            ? VOCClasses.names.count : max(1, dataset.classNames.count)
        return ClipConfiguration(history: data.history, width: data.resolution, height: data.resolution,
                                 channels: data.color ? 3 : 1, classCount: classCount,
                                 flowScale: flowScale(resolution: data.resolution), labelInput: data.labels)
    }

    /// The generator's input shape under `configuration`.
    public static func inputShape(_ configuration: ClipConfiguration) -> GeneratorInputShape {
        GeneratorInputShape(channels: configuration.channels, classCount: configuration.classCount,
                            history: configuration.history)
    }

    /// Loads a split into a sampler.
    public static func sampler(data: DataConfig, dataset: VideoDataset, split: DatasetSplit) throws -> ClipSampler {
        try ClipSampler(dataset: dataset, split: split, configuration: clipConfiguration(data: data, dataset: dataset))
    }
}
