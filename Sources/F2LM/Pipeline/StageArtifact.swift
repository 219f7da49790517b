import Foundation

/// The files a stage node leaves in its artifact folder (`<cache>/<stage>/<key>/`): the one place their names are
/// written, used by the stages that write them, the stages that read them and the report.
public enum StageArtifact: String, Sendable, CaseIterable {
    /// Dataset node: where the dataset is and how many videos it has (`source.json`).
    case datasetSource = "source.json"
    /// Generator node: the trained generator (`generator.safetensors`).
    case generatorCheckpoint = "generator.safetensors"
    /// Destroyer node: the trained Destroyer (`destroyer.safetensors`).
    case destroyerCheckpoint = "destroyer.safetensors"
    /// Destroyer node of a run without a Destroyer: the record that nothing was trained (`disabled.json`).
    case destroyerDisabled = "disabled.json"
    /// Generator and Destroyer nodes: losses per logged step (`training_log.csv`).
    case trainingLog = "training_log.csv"
    /// Scores node: the per-frame score components of every test video (`scores.csv`).
    case scores = "scores.csv"
    /// Scores node of a run with a Destroyer: its mean test-time change inside and outside the anomaly masks
    /// (`destroyer_change.json`, `DestroyerChange`).
    case destroyerChange = "destroyer_change.json"
    /// Evaluation node: the run record (`record.json`: metrics, diagnostics, per-video pair counts, identity).
    case runRecord = "record.json"

    /// The file name.
    public var fileName: String { rawValue }

    /// The file in the artifact folder `folder`.
    public func url(in folder: URL) -> URL { folder.appendingPathComponent(rawValue) }
}
