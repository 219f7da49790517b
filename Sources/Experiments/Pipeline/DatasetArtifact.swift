import F2LM
import Foundation
import VideoData

/// The dataset stage's artifact and the one place later stages resolve the dataset folder from.
///
/// Artifact folder: `source.json` (`DatasetArtifact.Source`) and, for a synthetic family, the written dataset in
/// `data/` (common layout, `VideoDataset.load`). A real dataset is not copied: `source.json` records its
/// absolute path after it was validated.
public enum DatasetArtifact {
    /// The content of `source.json`.
    public struct Source: Codable, Sendable, Equatable {
        /// `synthetic` or `real`.
        public var kind: String
        /// Dataset name (`walkway`, `ped2`, …).
        public var name: String
        /// The dataset folder: relative to the artifact folder for synthetic data (`data`), absolute for real data.
        public var path: String
        /// Training and test video counts found.
        public var trainingVideos: Int
        /// Test videos found.
        public var testingVideos: Int
    }

    /// Name of the sub-folder a synthetic dataset is written to.
    public static let syntheticFolder = "data"

    /// Builds the dataset of `config` into `output` (synthetic: renders the family with `config.data.synthetic`
    /// and `data.seed`; real: validates `data.root`, trying `<root>` then `<root>/<name>`) and writes `source.json`.
    public static func build(config: RunConfig, output: URL, log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        let data = config.data
        let source: Source
        if data.name.isReal {
            guard let root = data.root, !root.isEmpty else {
                throw PipelineError.dataset("dataset '\(data.name.rawValue)' needs data.root")
            }
            let rootURL = URL(fileURLWithPath: root).standardizedFileURL
            let candidates = [rootURL, rootURL.appendingPathComponent(data.name.rawValue)]
            var firstError: (any Error)?
            var found: (URL, DatasetCheck)?
            for candidate in candidates {
                do {
                    found = (candidate, try DatasetCheck(path: candidate.path, decodeFrames: false))
                    break
                } catch {
                    if firstError == nil { firstError = error }
                }
            }
            guard let (url, check) = found else {
                throw PipelineError.dataset("data.root '\(root)': \(firstError.map { "\($0)" } ?? "not a dataset folder")")
            }
            for warning in check.warnings { log("dataset warning: \(warning)") }
            source = Source(kind: "real", name: data.name.rawValue, path: url.path,
                            trainingVideos: check.videos.filter { $0.split == .training }.count,
                            testingVideos: check.videos.filter { $0.split == .testing }.count)
        } else {
            guard let family = SyntheticFamily(rawValue: data.name.rawValue) else {
                throw PipelineError.dataset("'\(data.name.rawValue)' is not a synthetic family")
            }
            // Validated with the rest of the config before anything runs (RunConfig.validate); kept as a
            // thrown error for a config built in code.
            let scale = data.synthetic.scale
            try scale.validate(source: "data.synthetic")
            guard data.seed >= 0 else { throw PipelineError.dataset("data.seed must be ≥ 0, got \(data.seed)") }
            let folder = output.appendingPathComponent(syntheticFolder, isDirectory: true)
            try SyntheticDatasetWriter(family: family, scale: scale, seed: UInt64(data.seed))
                .write(to: folder.path) { done, total in log("video \(done)/\(total)") }
            let dataset = try VideoDataset.load(folder.path)
            source = Source(kind: "synthetic", name: data.name.rawValue, path: syntheticFolder,
                            trainingVideos: dataset.training.count, testingVideos: dataset.testing.count)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(source).write(to: StageArtifact.datasetSource.url(in: output))
        log("dataset \(source.kind) \(source.name): \(source.trainingVideos) training, \(source.testingVideos) test videos")
    }

    /// The dataset folder recorded in a dataset artifact folder's `source.json`.
    public static func datasetFolder(artifact: URL) throws -> URL {
        let file = StageArtifact.datasetSource.url(in: artifact)
        let source: Source
        do {
            source = try JSONDecoder().decode(Source.self, from: Data(contentsOf: file))
        } catch {
            throw PipelineError.dataset("\(file.path): cannot read dataset source: \(error)")
        }
        return source.path.hasPrefix("/") ? URL(fileURLWithPath: source.path, isDirectory: true)
            : artifact.appendingPathComponent(source.path, isDirectory: true)
    }
}
