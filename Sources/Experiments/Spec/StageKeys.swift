import F2LM
import JobRunner
import VideoData

/// One cache key per pipeline stage: SHA-256 (hex) of `stage=<name>`, `upstream=<previous key>` and the
/// canonical lines of the parameters that stage reads. Equal keys mean the stage's artifact can be shared.
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

    /// The key of each stage, chained dataset → generator → destroyer → scores → evaluation. The dataset stage of a
    /// run that derives label maps and flow (a real dataset lacking them, `DatasetArtifact.derivesInputs`) also
    /// reads `derived_inputs=<DerivedInputs.version>`, so changing the derivation code (and bumping the version)
    /// recomputes them and everything downstream; no other run has that line, so their keys do not depend on it.
    public var stageKeys: StageKeys {
        var upstream = "none"
        var keys: [PipelineStage: String] = [:]
        let derivesInputs = DatasetArtifact.derivesInputs(config: self)
        for stage in PipelineStage.allCases {
            var text = "stage=\(stage.rawValue)\nupstream=\(upstream)\n"
            text += parameters(readBy: stage).map { "\($0.key)=\($0.value.canonical)\n" }.joined()
            if stage == .dataset && derivesInputs { text += "derived_inputs=\(DerivedInputs.version)\n" }
            upstream = SHA256.hex(text)
            keys[stage] = upstream
        }
        return StageKeys(dataset: keys[.dataset]!, generator: keys[.generator]!, destroyer: keys[.destroyer]!,
                         scores: keys[.scores]!, evaluation: keys[.evaluation]!)
    }
}
