import F2LM
import Foundation
import JobRunner
import TensorBoard

/// Where a pipeline run writes TensorBoard logs (`f2lm run`: `<cache>/tensorboard/` unless `--no-tensorboard`):
/// one run folder per training node, `<root>/<node label>_<short key>/` (losses, learning rates, speed, image
/// panels), and one HParams session per evaluation node, `<root>/hparams/<node label>_<short key>/`, with the
/// experiment summary of all sessions in `<root>/hparams/`. Logging is not part of any stage's key.
public struct TensorBoardLogging: Sendable, Equatable {
    /// The log root (`tensorboard --logdir` this folder).
    public var root: URL
    /// Training image panels every this many steps (and at each phase's last step).
    public var imageEvery: Int

    /// The default folder name inside the cache.
    public static let folderName = "tensorboard"
    /// Default image panel interval in steps.
    public static let defaultImageEvery = 100

    /// Settings writing under `root`.
    public init(root: URL, imageEvery: Int = TensorBoardLogging.defaultImageEvery) {
        self.root = root
        self.imageEvery = max(1, imageEvery)
    }

    /// The default location: `<cache root>/tensorboard`.
    public init(cache: ArtifactCache, imageEvery: Int = TensorBoardLogging.defaultImageEvery) {
        self.init(root: cache.root.appendingPathComponent(Self.folderName, isDirectory: true), imageEvery: imageEvery)
    }

    /// A node's folder name: its label with every run of characters other than letters, digits, `.`, `-`, `=`
    /// and `,` turned into `_`, then `_` and the first 8 characters of its key
    /// (`destroyer_walkway_seed_0_table8_lambda_λ_4_3fa2b1c9`).
    public static func runName(of node: JobNode) -> String {
        var name = ""
        var pendingSeparator = false
        for character in node.label {
            if character.isLetter || character.isNumber || ".-=,".contains(character) {
                if pendingSeparator && !name.isEmpty { name.append("_") }
                pendingSeparator = false
                name.append(character)
            } else {
                pendingSeparator = true
            }
        }
        return name + "_" + node.key.prefix(8)
    }

    /// The TensorBoard run of a training node.
    public func trainingRun(of node: JobNode) -> TensorBoardRun {
        TensorBoardRun(directory: root.appendingPathComponent(Self.runName(of: node), isDirectory: true), imageEvery: imageEvery)
    }

    /// The HParams log (`<root>/hparams`).
    public var hparams: HParamsLog { HParamsLog(folder: root.appendingPathComponent("hparams", isDirectory: true)) }

    /// Writes the HParams session of an evaluation node: every identity parameter of `config` as a
    /// hyperparameter (numbers, booleans and strings as such; lists as their text) and the metrics `auc`, `eer`
    /// and `auc_component/<component>` per present score component.
    public func writeSession(node: JobNode, config: RunConfig, metrics: RunMetrics, started: Date) throws {
        var values: [String: HParamValue] = [:]
        for parameter in config.parameters where parameter.isIdentity {
            switch parameter.value {
            case .int(let value): values[parameter.key] = .number(Double(value))
            case .number(let value): values[parameter.key] = .number(value)
            case .bool(let value): values[parameter.key] = .bool(value)
            case .string(let value): values[parameter.key] = .string(value)
            case .list: values[parameter.key] = .string(parameter.value.description)
            case .null: break
            }
        }
        var scalars: [(tag: String, value: Double)] = [("auc", metrics.auc), ("eer", metrics.eer)]
        scalars += metrics.componentAUCs.map { (tag: "auc_component/\($0.key.columnName)", value: $0.value) }.sorted { $0.tag < $1.tag }
        try hparams.writeSession(name: Self.runName(of: node), hparams: values, metrics: scalars, start: started)
    }
}
