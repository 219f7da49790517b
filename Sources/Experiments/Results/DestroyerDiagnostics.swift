import CSV
import Foundation

/// What the Destroyer saw in training, per run (runs.csv columns `destroyer_difficulty_clean` and
/// `destroyer_difficulty_noised`): the mean patch difficulty diff_p over the patches the noise left unchanged and
/// over the noised patches, across every step of its `training_log.csv` (columns `clean_fraction`,
/// `difficulty_clean`, `difficulty_noised` written by `DestroyerTrainer`).
///
/// Step means are weighted by the step's number of such patches (every step has the same number of patches):
/// `clean = Σ_s f_s c_s / Σ_s f_s`, `noised = Σ_s (1 − f_s) n_s / Σ_s (1 − f_s)` with `f_s` the clean fraction.
/// A Destroyer that is to destroy only anomalies needs clean patches near 0; a high clean value means it is trained
/// to destroy normal content too.
public struct DestroyerDiagnostics: Sendable, Equatable {
    /// Mean diff_p of the patches the noise left unchanged; nil when no step had one.
    public var difficultyClean: Double?
    /// Mean diff_p of the noised patches; nil when no step had one.
    public var difficultyNoised: Double?

    /// Reads a Destroyer node's `training_log.csv`; nil when the file is missing, is not CSV, or lacks the columns
    /// (a node trained before they were logged).
    public static func read(trainingLog url: URL) -> DestroyerDiagnostics? {
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let records = try? CSVReader.records(in: text, file: url.path) else { return nil }
        guard let header = records.first?.fields,
              let f = header.firstIndex(of: "clean_fraction"), let c = header.firstIndex(of: "difficulty_clean"),
              let n = header.firstIndex(of: "difficulty_noised") else { return nil }
        var cleanSum = 0.0, cleanWeight = 0.0, noisedSum = 0.0, noisedWeight = 0.0
        for fields in records.dropFirst().map(\.fields) where fields.count == header.count {
            guard let fraction = Double(fields[f]), let clean = Double(fields[c]), let noised = Double(fields[n]) else { continue }
            cleanSum += fraction * clean
            cleanWeight += fraction
            noisedSum += (1 - fraction) * noised
            noisedWeight += 1 - fraction
        }
        return DestroyerDiagnostics(difficultyClean: cleanWeight > 0 ? cleanSum / cleanWeight : nil,
                                    difficultyNoised: noisedWeight > 0 ? noisedSum / noisedWeight : nil)
    }
}
