import F2LM
import JobRunner
import VideoData

/// One cache key per pipeline stage: SHA-256 (hex) of `stage=<name>`, `upstream=<previous key>`, the canonical
/// lines of the parameters that stage reads and the version of the code that computes its numbers
/// (`StageNumericsVersions`). Equal keys mean the stage's artifact can be shared.
public struct StageKeys: Sendable, Hashable, Codable {
    /// Key of the dataset stage.
    public var dataset: String
    /// Key of phase 1 (generator training); includes the dataset key.
    public var generator: String
    /// Key of phase 2 (Destroyer training); includes the generator key.
    public var destroyer: String
    /// Key of the per-frame score components; includes the destroyer key.
    public var scores: String
    /// Key of the evaluation (γ, normalisation, AUC/EER); includes the scores key.
    public var evaluation: String

    /// The key of `stage`.
    public subscript(stage: PipelineStage) -> String {
        switch stage {
        case .dataset: return dataset
        case .generator: return generator
        case .destroyer: return destroyer
        case .scores: return scores
        case .evaluation: return evaluation
        }
    }
}

extension RunConfig {
    /// The canonical form used for identity: one `key=value` line per identity parameter (paths such as
    /// `data.root` left out), sorted by key, values in `ParameterValue.canonical` form. Independent of how the
    /// YAML was written (key order, `4` vs `4.0` vs `4e0`).
    public var canonicalForm: String {
        parameters.filter(\.isIdentity).map { "\($0.key)=\($0.value.canonical)\n" }.joined()
    }

    /// The run's identity: SHA-256 (64 hex digits) of `canonicalForm`. Every parameter counts, including the
    /// Destroyer's keys when it is disabled (stage keys, in contrast, skip what a stage does not read).
    public var identityHash: String { SHA256.hex(canonicalForm) }

    /// The key of each stage, chained dataset → generator → destroyer → scores → evaluation, covering the code
    /// that computes it: `stageKeys(numerics: .current)`.
    public var stageKeys: StageKeys { stageKeys(numerics: .current) }

    /// The keys the stages would have without code identity (`stageKeys(numerics: nil)`): equal for two code
    /// versions of the same parameters, and equal to the keys of caches made before keys covered the code. A node
    /// records its own in `done.json` (`CompletionRecord.parameterKey`) so `f2lm status` can tell an artifact of
    /// other code from a missing one.
    public var parameterStageKeys: StageKeys { stageKeys(numerics: nil) }

    /// The key of each stage, chained dataset → generator → destroyer → scores → evaluation: SHA-256 of
    /// `stage=<name>`, `upstream=<previous key>`, the parameters the stage reads, and `numerics=<version>` (the
    /// stage's `StageNumericsVersions` entry; left out when `numerics` is nil, and from the destroyer node of a run
    /// without a Destroyer, which computes nothing). Through the chain, bumping a stage's
    /// version changes its key and every later key, never an earlier one. The dataset stage of a run that derives
    /// label maps and flow (a real dataset lacking them, `DatasetArtifact.derivesInputs`) also reads
    /// `derived_inputs=<DerivedInputs.version>`, so changing the derivation code (and bumping the version)
    /// recomputes them and everything downstream; no other run has that line, so their keys do not depend on it. A
    /// real dataset with a `prepared-inputs.json` (scripts/prepare-inputs.py) adds `prepared_inputs=<its SHA-256>`.
    public func stageKeys(numerics: StageNumericsVersions?) -> StageKeys {
        var upstream = "none"
        var keys: [PipelineStage: String] = [:]
        let derivesInputs = DatasetArtifact.derivesInputs(config: self)
        let preparedInputs = DatasetArtifact.preparedInputsDigest(config: self)
        let all = parameters
        for stage in PipelineStage.allCases {
            var text = "stage=\(stage.rawValue)\nupstream=\(upstream)\n"
            text += parameters(readBy: stage, from: all).map { "\($0.key)=\($0.value.canonical)\n" }.joined()
            if stage == .dataset && derivesInputs { text += "derived_inputs=\(DerivedInputs.version)\n" }
            // A run without a Destroyer computes nothing in its destroyer node: no Destroyer code in its key.
            if let numerics, stage != .destroyer || destroyer.enabled { text += "numerics=\(numerics[stage])\n" }
            if stage == .dataset, let preparedInputs { text += "prepared_inputs=\(preparedInputs)\n" }
            upstream = SHA256.hex(text)
            keys[stage] = upstream
        }
        return StageKeys(dataset: keys[.dataset]!, generator: keys[.generator]!, destroyer: keys[.destroyer]!,
                         scores: keys[.scores]!, evaluation: keys[.evaluation]!)
    }
}
