import F2LM
import Foundation
import JobRunner
import VideoData

/// The dataset stage's artifact and the one place later stages resolve the dataset folder from.
///
/// Artifact folder: `source.json` (`DatasetArtifact.Source`) and, for a synthetic family, the written dataset in
/// `data/` (common layout, `VideoDataset.load`). A real dataset is not copied: `source.json` records its
/// absolute path after it was validated, and when some of its videos lack label maps or flow they are derived
/// once into `derived/` (`DerivedInputsLocation` layout) for every later stage to read. The dataset folder itself
/// is only read. (Like every artifact, the folder is written in a temporary place and renamed into the cache
/// when complete, its files listed with their digests in `done.json`.)
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
        /// `DerivedInputs.version` when label maps or flow were derived into `derived/` (nil: none derived).
        public var derivedInputsVersion: Int?
        /// Videos whose label maps or flow were derived (nil: none).
        public var derivedVideos: Int?
        /// SHA-256 of the dataset's `prepared-inputs.json` (scores and flow computed by `scripts/prepare-inputs.py`),
        /// nil when it has none.
        public var preparedInputs: String?
    }

    /// SHA-256 of the `prepared-inputs.json` of the dataset folder `config` reads (the first of `candidateFolders`
    /// that has one), nil when there is none: part of the dataset stage key (`RunConfig.stageKeys`).
    public static func preparedInputsDigest(config: RunConfig) -> String? {
        guard config.data.name.isReal else { return nil }
        for folder in candidateFolders(config.data) {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(PreparedInputsManifest.fileName).path) {
                return SHA256.hexString(SHA256.digest([UInt8](data)))
            }
        }
        return nil
    }

    /// Name of the sub-folder a synthetic dataset is written to.
    public static let syntheticFolder = "data"

    /// The folders `data.root` may name for a real dataset, in the order tried: `<root>`, `<root>/<name>`.
    static func candidateFolders(_ data: DataConfig) -> [URL] {
        guard let root = data.root, !root.isEmpty else { return [] }
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        return [rootURL, rootURL.appendingPathComponent(data.name.rawValue)]
    }

    /// Whether the dataset stage of `config` derives label maps and flow (and so whether `DerivedInputs.version`
    /// is part of its key): never for a synthetic family (its data has both); for a real dataset, when the first
    /// of `candidateFolders` that has a dataset layout (`training/`, `testing/`, `Train/` or `Test/`) lacks some
    /// (`DerivedInputs.isNeeded`), or when no candidate can be seen (real datasets normally ship neither). Only
    /// lists folders.
    public static func derivesInputs(config: RunConfig) -> Bool {
        guard config.data.name.isReal else { return false }
        let manager = FileManager.default
        for folder in candidateFolders(config.data) {
            if ["training", "testing", "Train", "Test", "training_videos", "testing_videos"].contains(where: { manager.fileExists(atPath: folder.appendingPathComponent($0).path) }) {
                return DerivedInputs.isNeeded(datasetFolder: folder.path)
            }
        }
        return true
    }

    /// Builds the dataset of `config` into `output` (synthetic: renders the family with `config.data.synthetic`
    /// and `data.seed`; real: validates `data.root`, trying `<root>` then `<root>/<name>`, and derives the label
    /// maps and flow its videos lack into `output/derived/` at the working resolution `data.resolution`, logging `derived inputs: video done/total`) and writes
    /// `source.json`. Throws `CancellationError` between videos when `isCancelled()`.
    public static func build(config: RunConfig, output: URL, log: @escaping @Sendable (String) -> Void = { _ in },
                             isCancelled: @escaping @Sendable () -> Bool = { false }) throws {
        try build(data: config.data, output: output, log: log, isCancelled: isCancelled)
    }

    /// The dataset stage on its view alone, `data.*` (what `build(config:…)` runs).
    public static func build(data: DataConfig, output: URL, log: @escaping @Sendable (String) -> Void = { _ in },
                             isCancelled: @escaping @Sendable () -> Bool = { false }) throws {
        let source: Source
        if data.name.isReal {
            guard let root = data.root, !root.isEmpty else {
                throw PipelineError.dataset("dataset '\(data.name.rawValue)' needs data.root")
            }
            let candidates = candidateFolders(data)
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
            let manifest = try PreparedInputsManifest.read(datasetFolder: url.path)
            if let manifest {
                try manifest.check(workingResolution: data.resolution)
                log("prepared inputs: \(manifest.labels.model) scores and \(manifest.flow.model) flow at \(manifest.resolution[0])x\(manifest.resolution[1]) (\(manifest.path))")
            }
            var real = Source(kind: "real", name: data.name.rawValue, path: url.path,
                              trainingVideos: check.videos.filter { $0.split == .training }.count,
                              testingVideos: check.videos.filter { $0.split == .testing }.count,
                              preparedInputs: try manifest.map { SHA256.hexString(SHA256.digest([UInt8](try Data(contentsOf: URL(fileURLWithPath: $0.path))))) })
            if DerivedInputs.isNeeded(datasetFolder: url.path) {
                let dataset = try VideoDataset.load(url.path)
                let location = DerivedInputsLocation(folder: output.appendingPathComponent(DerivedInputs.folderName, isDirectory: true))
                log("derived inputs: decoding the dataset's video files and computing the label maps and flow it lacks (version \(DerivedInputs.version))")
                let started = Date()
                let count = try DerivedInputs.write(dataset: dataset, to: location, width: data.resolution, height: data.resolution,
                                                    progress: { done, total in log("derived inputs: video \(done)/\(total)") },
                                                    decodingProgress: { done, total, frames in
                                                        log("decoding videos: \(done)/\(total) (\(frames) frames)") },
                                                    isCancelled: isCancelled)
                log(String(format: "derived inputs: %d videos in %.1f s", count, Date().timeIntervalSince(started)))
                real.derivedInputsVersion = DerivedInputs.version
                real.derivedVideos = count
            }
            source = real
        } else {
            guard let family = SyntheticFamily(rawValue: data.name.rawValue) else {
                throw PipelineError.dataset("'\(data.name.rawValue)' is not a synthetic family")
            }
            // Validated with the rest of the config before anything runs (RunConfig.validate); kept as a
            // thrown error for a config built in code.
            let scale = data.synthetic
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

    /// The derived label maps and flow of a dataset artifact folder, or nil when it derived none (synthetic data,
    /// or a real dataset that has both).
    public static func derivedInputs(artifact: URL) -> DerivedInputsLocation? {
        let folder = artifact.appendingPathComponent(DerivedInputs.folderName, isDirectory: true)
        return FileManager.default.fileExists(atPath: folder.path) ? DerivedInputsLocation(folder: folder) : nil
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
