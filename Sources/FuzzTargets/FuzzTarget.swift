import Experiments
import F2LM
import Foundation
import JobRunner
import Metrics
import NN
import TensorCore
import VideoData

/// One reader of user files or of the cache, fed arbitrary bytes through the entry point the product uses
/// (the bytes are written to a file of the name the product reads, then read back by the product's code).
/// Each reader must end in a value or a named, thrown error: never a trap, an out-of-bounds access or an
/// allocation sized by the file without a bound. `make fuzz` runs every target under libFuzzer and
/// AddressSanitizer; `FuzzTargetsTests` replays the committed corpus (seeds and every crash found) in `make test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A YAML spec → `Plan.load` (extends, smoke scale, grid expansion, validation) → the pipeline graph.
    case spec
    /// A MATLAB v5 `.mat` ground-truth file → `gt` intervals → per-frame masks.
    case mat
    /// A NumPy `.npy` per-frame mask (`FrameGroundTruth.readNumpyMask`).
    case npy
    /// A Middlebury `.flo` flow file.
    case flo
    /// A per-frame score CSV → `ScoreTable` → `RunMetrics.evaluate` (the evaluation stage), or `EvaluationReport`
    /// for a precomputed-score table (`f2lm eval`).
    case scoreCSV = "score-csv"
    /// A `runs.csv` results file → records → rendered and parsed again.
    case runsCSV = "runs-csv"
    /// A safetensors checkpoint → `Module.loadCheckpoint` and `AdamW.loadState`.
    case safetensors
    /// A node's `done.json` (the cache's completion check) and an evaluation's `metrics.json`.
    case cacheJSON = "cache-json"
    /// A frame image, PNG, JPEG or TIFF by its magic bytes, through `ImageCodec.read` (libpng, the C shim).
    case image
    /// A video file (ShanghaiTech's `training/videos/*.avi`) through `VideoFileDecoder` (FFmpeg, the C shim).
    case video

    /// Runs the reader on `bytes` inside `workspace`.
    public func run(_ bytes: [UInt8], in workspace: FuzzWorkspace) -> FuzzOutcome {
        do {
            try read(bytes, workspace)
            return .value
        } catch {
            return FuzzOutcome(error: error)
        }
    }

    /// The metrics.json of the node whose done.json the `cache-json` target reads (seeds record its SHA-256).
    public static let metricsFile = "{\"auc\": 0.75, \"eer\": 0.25}\n"

    /// Runs each reader; succeeds when one of them returns. An error outside the project's types is thrown
    /// even when another reader succeeded; otherwise, when all fail, the first error.
    private func anyOf(_ readers: [() throws -> Void]) throws {
        var errors: [any Error] = []
        for reader in readers {
            do { try reader() } catch { errors.append(error) }
        }
        if let unnamed = errors.first(where: { if case .unnamedError = FuzzOutcome(error: $0) { return true }; return false }) {
            throw unnamed
        }
        if errors.count == readers.count, let first = errors.first { throw first }
    }

    private func read(_ bytes: [UInt8], _ workspace: FuzzWorkspace) throws {
        switch self {
        case .spec:
            let file = workspace.write(bytes, to: "experiments/fuzz.yaml")
            let plan = try Plan.load(files: [file.path], options: PlanOptions(scale: "smoke"))
            _ = try PipelineGraph(plan: plan)
        case .mat:
            let file = workspace.write(bytes, to: "dataset/gt.mat").path
            let intervals = try MATFile(path: file).groundTruthIntervals(path: file)
            for (video, list) in intervals.enumerated() {
                _ = try FrameGroundTruth.mask(intervals: list, frameCount: 2_000, path: file, video: String(video))
            }
        case .video:
            let file = workspace.write(bytes, to: "dataset/training/videos/01_001.avi").path
            _ = try VideoFileDecoder.forEachFrame(file) { _, _ in }
        case .npy:
            let file = workspace.write(bytes, to: "dataset/testing/test_frame_mask/01_0014.npy").path
            _ = try FrameGroundTruth.readNumpyMask(file)
        case .flo:
            let file = workspace.write(bytes, to: "dataset/testing/flows/01/000.flo").path
            _ = try FlowField.read(file)
        case .scoreCSV:
            // Component tables as the evaluation stage scores them; precomputed-score tables as `f2lm eval` does.
            let file = workspace.write(bytes, to: "cache/scores/key/scores.csv")
            let table = try ScoreTable.read(from: file)
            let normalize: NormalizationScope = bytes.count % 2 == 0 ? .perVideo : .global
            switch table.format {
            case .components:
                let weights = ScoreWeights.equal
                _ = try RunMetrics.evaluate(table: table, source: file.path,
                                            score: ScoreConfig(gamma: .fixed(weights), normalize: normalize))
            case .score:
                _ = try EvaluationReport(table: table, source: file.path, minMaxPerVideo: normalize == .perVideo)
            }
        case .runsCSV:
            let file = workspace.write(bytes, to: "results/spec/runs.csv")
            let runs = try RunsCSV.read(from: file)
            _ = try RunsCSV.parse(runs.render(), file: file.path)
        case .safetensors:
            // A file is a model checkpoint or an optimiser state: it must load as one of them or fail cleanly.
            let file = workspace.write(bytes, to: "cache/generator/key/generator.safetensors")
            var generator = RandomGenerator(seed: 1)
            let model = Linear(inputFeatures: 3, outputFeatures: 2, generator: &generator)
            let optimizer = AdamW(parameters: model.namedParameters())
            try anyOf([{ try model.loadCheckpoint(from: file) }, { try optimizer.loadState(from: file) }])
        case .cacheJSON:
            // The bytes as a node's done.json (verified against the node's one file, `FuzzTarget.metricsFile`)
            // and as another node's record.json, read as the results recorder reads it.
            let cache = ArtifactCache(root: workspace.root.appendingPathComponent("cache", isDirectory: true))
            workspace.write(Array(FuzzTarget.metricsFile.utf8), to: "cache/evaluation/verified/metrics.json")
            workspace.write(bytes, to: "cache/evaluation/verified/done.json")
            let recordURL = workspace.write(bytes, to: "cache/evaluation/read/\(RunRecord.fileName)")
            try anyOf([
                {
                    guard try cache.verifiedCompletionRecord(stage: "evaluation", key: "verified") != nil else {
                        preconditionFailure("done.json was written but not found")
                    }
                },
                {
                    let run = try RunRecord.read(from: recordURL)
                    var record = RunsCSV.Record(spec: "spec", row: "row", dataset: "walkway", seed: 0, runHash: "run",
                                                status: .done)
                    ResultsLayout.apply(run, to: &record)
                    _ = run.metrics.weights
                    _ = run.metrics.normalizationScope
                },
            ])
        case .image:
            let ext: String
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { ext = "png" }
            else if bytes.starts(with: [0xFF, 0xD8]) { ext = "jpg" }
            else { ext = "tif" }
            let file = workspace.write(bytes, to: "dataset/training/frames/01/000.\(ext)").path
            _ = try ImageCodec.read(file).converted(toChannels: 1)
        }
    }
}
