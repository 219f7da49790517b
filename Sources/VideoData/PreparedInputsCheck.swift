import Foundation

/// Reads back every prepared input of a dataset (`scripts/prepare-inputs.py`'s `flows/` and `scores/`) the way a
/// run at a working resolution reads them: flow through `VideoLoader.flows` (the loader every stage uses), score
/// files as `NumpyArray`s that must be float 21 × r × r, one per frame. `f2lm data check --inputs r`.
public enum PreparedInputsCheck {
    /// Number of VOC classes in a score file.
    public static let scoreClasses = 21

    /// Checks every video of `dataset` with frames at working resolution `resolution`; returns a summary line, or
    /// throws an error naming the first file that the loader refuses (size, count, format).
    public static func run(dataset: VideoDataset, resolution: Int) throws -> String {
        var flowFiles = 0, scoreFiles = 0, videos = 0
        let working = (width: resolution, height: resolution)
        for record in dataset.training + dataset.testing where !record.framePaths.isEmpty {
            videos += 1
            guard let flowPaths = record.flowPaths else { continue }
            let frames = try VideoLoader.frames(of: record)
            let flows = try VideoLoader.flows(of: record, frames: frames, working: working)
            precondition(flows.allSatisfy { $0.width == resolution && $0.height == resolution })
            flowFiles += flowPaths.count
            // <split>/flows/<video>/<frame>.flo → <split>
            let split = (((flowPaths[0] as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent as NSString)
                .deletingLastPathComponent
            let scores = split + "/scores/" + record.name
            guard FileManager.default.fileExists(atPath: scores) else { continue }
            let files = try VideoDataset.numericFiles(scores, extensions: ["npy"])
            guard files.count == record.frameCount else {
                throw VideoDataError(scores, "has \(files.count) score files but the video has \(record.frameCount) frames")
            }
            for file in files {
                let array = try NumpyArray.read(file)
                let sizes = [[scoreClasses, resolution, resolution],
                             [scoreClasses, InputResolution.authors.height, InputResolution.authors.width]]
                guard sizes.contains(array.shape) else {
                    throw VideoDataError(file, "scores have shape \(array.shape); expected \(scoreClasses) x \(resolution) x \(resolution) (or x 256 x 256)")
                }
                guard array.values.allSatisfy(\.isFinite) else { throw VideoDataError(file, "scores hold a non-finite value") }
            }
            scoreFiles += files.count
        }
        return "prepared inputs at \(resolution)x\(resolution): \(videos) videos, \(flowFiles) flow files read, \(scoreFiles) score files read"
    }
}
