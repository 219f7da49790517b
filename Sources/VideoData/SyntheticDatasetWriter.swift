import Foundation

/// Writes a synthetic family to disk in the common dataset layout:
/// `<out>/{training,testing}/frames/<video>/<nnnn>.png`, `labels/<video>/<nnnn>.png` (class ids),
/// `flows/<video>/<nnnn>.flo` (exact flow to the next frame), `testing/pixel_masks/<video>/<nnnn>.png`
/// (255 = anomalous), `testing/test_frame_mask/<video>.npy` (per-frame 0/1, `|u1`) and `dataset.json`; with
/// `scale.validationVideos > 0` also `validation/` laid out like `testing/` (videos from their own seed stream).
public struct SyntheticDatasetWriter: Sendable {
    /// The family to generate.
    public var family: SyntheticFamily
    /// Sizes.
    public var scale: SyntheticScale
    /// The seed: the whole dataset is a pure function of (family, scale, seed).
    public var seed: UInt64

    /// Creates a writer.
    public init(family: SyntheticFamily, scale: SyntheticScale, seed: UInt64) {
        self.family = family; self.scale = scale; self.seed = seed
    }

    /// The planned videos of a split.
    public func videos(_ split: DatasetSplit) -> [SyntheticVideo] {
        let count = split == .training ? scale.trainVideos : scale.testVideos
        return (0..<count).map { SyntheticVideo(family: family, split: split, index: $0, scale: scale, seed: seed) }
    }

    /// The planned validation videos (`scale.validationVideos`, test-like, their own seed stream).
    public func validationVideos() -> [SyntheticVideo] {
        (0..<scale.validationVideos).map {
            SyntheticVideo(family: family, split: .testing, index: $0, scale: scale, seed: seed, validation: true)
        }
    }

    /// The data seed of the runs (`data.seed` in experiments/defaults.yaml): what `f2lm data synth` and
    /// `f2lm data baseline` use by default, so they describe the runs' videos.
    public static let runsSeed: UInt64 = 2024

    /// Generates and writes the dataset into the folder `out` (created if needed; a previous synthetic dataset
    /// there is replaced, any other non-empty folder is an error).
    /// `progress` is called after each video with (videos done, videos total).
    public func write(to out: String, progress: ((Int, Int) -> Void)? = nil) throws {
        try write(parts: [("training", .training, videos(.training)), ("testing", .testing, videos(.testing)),
                          ("validation", .testing, validationVideos())], to: out, progress: progress)
    }

    /// Writes only the validation videos (`validationVideos()`, each laid out like a test video under
    /// `validation/`) and `dataset.json` into the folder `out`, with the same replacement rules as `write(to:)`:
    /// what `VideoDataset.loadValidation` reads. Needs `scale.validationVideos ≥ 1`.
    public func writeValidation(to out: String, progress: ((Int, Int) -> Void)? = nil) throws {
        precondition(scale.validationVideos >= 1, "writeValidation needs scale.validationVideos ≥ 1")
        try write(parts: [("validation", .testing, validationVideos())], to: out, progress: progress)
    }

    /// Writes the given splits' videos and `dataset.json` into `out`.
    private func write(parts: [(folder: String, split: DatasetSplit, videos: [SyntheticVideo])], to out: String,
                       progress: ((Int, Int) -> Void)?) throws {
        let fm = FileManager.default
        // Never mix with stale videos: an earlier synthetic dataset in `out` is replaced; any other non-empty
        // folder is refused rather than overwritten.
        let existing = (try? fm.contentsOfDirectory(atPath: out)) ?? []
        if !existing.isEmpty {
            guard existing.contains("dataset.json") else {
                throw VideoDataError(out, "folder is not empty and holds no synthetic dataset.json; refusing to write into it")
            }
            for name in ["training", "testing", "validation", "dataset.json"] where existing.contains(name) {
                do { try fm.removeItem(atPath: out + "/" + name) } catch {
                    throw VideoDataError(out + "/" + name, "cannot remove the previous synthetic data: \(error.localizedDescription)")
                }
            }
        }
        let total = parts.map(\.videos.count).reduce(0, +)
        var done = 0
        for (folder, split, planned) in parts {
            for video in planned {
                let base = out + "/" + folder
                let folders = ["frames", "labels", "flows"] + (split == .testing ? ["pixel_masks"] : [])
                for f in folders {
                    do { try fm.createDirectory(atPath: base + "/" + f + "/" + video.name, withIntermediateDirectories: true) } catch {
                        throw VideoDataError(base + "/" + f + "/" + video.name, "cannot create folder: \(error.localizedDescription)")
                    }
                }
                var frameLabels: [UInt8] = []
                for t in 0..<video.frameCount {
                    let frame = video.frame(t)
                    let name = String(format: "%04d", t)
                    try ImageCodec.writePNG(frame.image, to: "\(base)/frames/\(video.name)/\(name).png")
                    try ImageCodec.writePNG(RasterImage(width: video.frameSize, height: video.frameSize, channels: 1, pixels: frame.labels),
                                            to: "\(base)/labels/\(video.name)/\(name).png")
                    try frame.flow.write(to: "\(base)/flows/\(video.name)/\(name).flo")
                    if split == .testing {
                        try ImageCodec.writePNG(RasterImage(width: video.frameSize, height: video.frameSize, channels: 1,
                                                            pixels: frame.anomalyMask.map { $0 * 255 }),
                                                to: "\(base)/pixel_masks/\(video.name)/\(name).png")
                    }
                    frameLabels.append(frame.isAnomalous ? 1 : 0)
                }
                if split == .testing {
                    try fm.createDirectory(atPath: base + "/test_frame_mask", withIntermediateDirectories: true)
                    try FrameGroundTruth.writeNumpyMask(frameLabels, to: "\(base)/test_frame_mask/\(video.name).npy")
                }
                done += 1
                progress?(done, total)
            }
        }
        let info = DatasetInfo(family: family.rawValue, scale: scale, seed: seed, classNames: SyntheticFamily.classNames,
                               channels: family.channels)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(info).write(to: URL(fileURLWithPath: out + "/dataset.json")) } catch {
            throw VideoDataError(out + "/dataset.json", "cannot write: \(error.localizedDescription)")
        }
    }
}
