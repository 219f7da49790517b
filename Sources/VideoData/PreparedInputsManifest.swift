import Foundation

/// `prepared-inputs.json`, written by `scripts/prepare-inputs.py` beside a dataset's splits: which models computed
/// its `scores/` and `flows/` (DeepLabv3-ResNet101 logits, FlowNet2-SD or RAFT flow), their checkpoints' SHA-256
/// and the resolution the files are at. The dataset stage checks it (`check(workingResolution:)`) and puts the
/// file's digest into its cache key, so inputs recomputed with other weights retrain everything after them.
public struct PreparedInputsManifest: Sendable, Equatable {
    /// The file name, in the dataset folder.
    public static let fileName = "prepared-inputs.json"

    /// One model's entry.
    public struct Model: Codable, Sendable, Equatable {
        /// `deeplabv3_resnet101`, `flownet2-sd`, `raft_large`.
        public var model: String
        /// The checkpoint's SHA-256 (nil for random weights).
        public var sha256: String?
    }

    /// The manifest's path.
    public var path: String
    /// Width and height of every file.
    public var resolution: [Int]
    /// The label-score model.
    public var labels: Model
    /// The flow model.
    public var flow: Model

    private struct Document: Codable {
        var format: Int
        var resolution: [Int]
        var labels: Model
        var flow: Model
    }

    /// The models this project knows how the files of were computed.
    public static let labelModels: Set<String> = ["deeplabv3_resnet101"]
    /// Flow models whose output the manifest may name.
    public static let flowModels: Set<String> = ["flownet2-sd", "raft_large"]

    /// The manifest of the dataset folder at `folder`, nil when it has none; an unreadable one is an error naming it.
    public static func read(datasetFolder folder: String) throws -> PreparedInputsManifest? {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: data) } catch {
            throw VideoDataError(path, "invalid \(fileName): \(error)")
        }
        guard document.format == 1 else { throw VideoDataError(path, "format \(document.format) is not 1") }
        guard document.resolution.count == 2, document.resolution.allSatisfy({ $0 > 0 }) else {
            throw VideoDataError(path, "resolution must be [width, height], got \(document.resolution)")
        }
        guard labelModels.contains(document.labels.model) else {
            throw VideoDataError(path, "labels.model '\(document.labels.model)' is not one of \(labelModels.sorted())")
        }
        guard flowModels.contains(document.flow.model) else {
            throw VideoDataError(path, "flow.model '\(document.flow.model)' is not one of \(flowModels.sorted())")
        }
        return PreparedInputsManifest(path: path, resolution: document.resolution, labels: document.labels, flow: document.flow)
    }

    /// Checks that the files are at a size the loader takes for working resolution `resolution × resolution`
    /// (`InputResolution`: the working size or the authors' 256 × 256); an error naming the manifest otherwise.
    public func check(workingResolution resolution: Int) throws {
        let accepted = [[resolution, resolution], [InputResolution.authors.width, InputResolution.authors.height]]
        guard accepted.contains(self.resolution) else {
            throw VideoDataError(path, "inputs are at \(self.resolution[0])x\(self.resolution[1]) but the working resolution (data.resolution) is \(resolution)x\(resolution): rerun scripts/prepare-inputs.py --resolution \(resolution)")
        }
    }
}
