import F2LM
import Foundation
import JobRunner
import Metrics

/// `record.json`, the one file the evaluation node writes: everything results/, the tables, the verdicts and the
/// report know about a finished run's numbers, so none of them reads another artifact back from the cache.
///
/// Version 1 holds the metrics (`RunMetrics`: AUC, EER, component AUCs keyed by `ScoreComponent`, γ, scope,
/// reported videos), the diagnostics (`RunDiagnostics`: the Destroyer's training diff_p and test-time change, the
/// triplet hinges' zero fractions), the per-video pair counts of the final score (what the verdicts test), the
/// numerics of the scores node (kernels, portable, threads) and the identity of the chain that made it (every
/// stage key, the code identity). Runs whose configs differ only in what no stage reads share one evaluation node
/// and so one record.
public struct RunRecord: Codable, Sendable, Equatable {
    /// The format version this code writes and reads.
    public static let currentVersion = 1
    /// The file name inside the evaluation artifact.
    public static let fileName = StageArtifact.runRecord.fileName

    /// The kernels the run's per-frame scores were computed with (the scores node's `done.json`).
    public struct Numerics: Codable, Sendable, Equatable {
        /// `NodeNumerics.kernels`, e.g. `oneDNN AVX2, OpenBLAS Haswell`; nil when not recorded.
        public var kernels: String?
        /// Whether the kernels were pinned to portable numerics; nil when not recorded.
        public var portable: Bool?
        /// BLAS/oneDNN threads; nil when not recorded.
        public var threads: Int?

        /// Creates numerics.
        public init(kernels: String?, portable: Bool?, threads: Int?) {
            self.kernels = kernels
            self.portable = portable
            self.threads = threads
        }

        /// The numerics a node's `done.json` records.
        public init(_ completion: CompletionRecord?) {
            self.init(kernels: completion?.kernels, portable: completion?.portableNumerics, threads: completion?.threads)
        }
    }

    /// Format version (`currentVersion` when written by this code).
    public var version: Int
    /// The cache key of every stage of the chain that made the record.
    public var stageKeys: StageKeys
    /// The evaluation node's code identity (`StageNumericsVersions.identity(through: .evaluation)`).
    public var codeIdentity: String
    /// The scores node's kernels.
    public var numerics: Numerics
    /// AUC, EER, component AUCs, γ, standardisation, reported videos.
    public var metrics: RunMetrics
    /// The Destroyer's and the triplet hinges' diagnostics.
    public var diagnostics: RunDiagnostics
    /// The final score's AUC by test-video pairs (`VideoPairCounts`), what the verdicts test; nil when the final
    /// score cannot be rebuilt from the components (a smoothed score: `score.smoothing` > 0).
    public var videoPairs: VideoPairCounts?

    /// Creates a record.
    public init(stageKeys: StageKeys, codeIdentity: String, numerics: Numerics, metrics: RunMetrics,
                diagnostics: RunDiagnostics, videoPairs: VideoPairCounts?) {
        version = Self.currentVersion
        self.stageKeys = stageKeys
        self.codeIdentity = codeIdentity
        self.numerics = numerics
        self.metrics = metrics
        self.diagnostics = diagnostics
        self.videoPairs = videoPairs
    }

    /// The evaluation stage: evaluates the scores node's `scores.csv` with the run's `score.*` settings
    /// (`RunMetrics.evaluate`), gathers the diagnostics from the scores table, the scores node's
    /// `destroyer_change.json` and the Destroyer node's `training_log.csv` (`destroyer`: nil for a run without a
    /// Destroyer), and writes the record into `output`.
    @discardableResult
    public static func evaluateStage(config: RunConfig, scores: URL, destroyer: URL?, output: URL) throws -> RunRecord {
        let file = StageArtifact.scores.url(in: scores)
        let table = try ScoreTable.read(from: file)
        let metrics = try RunMetrics.evaluate(table: table, source: file.path, score: config.score)
        var diagnostics = RunDiagnostics(hinges: TripletHingeDiagnostics(table: table))
        if let destroyer {
            let training = DestroyerDiagnostics.read(trainingLog: StageArtifact.trainingLog.url(in: destroyer))
            let change = DestroyerChange.read(from: StageArtifact.destroyerChange.url(in: scores))
            diagnostics.destroyerDifficultyClean = training?.difficultyClean
            diagnostics.destroyerDifficultyNoised = training?.difficultyNoised
            diagnostics.destroyerChangeInside = change?.inside
            diagnostics.destroyerChangeOutside = change?.outside
        }
        let completion = (try? Data(contentsOf: scores.appendingPathComponent(ArtifactCache.completionFileName)))
            .flatMap { try? JSONDecoder().decode(CompletionRecord.self, from: $0) }
        let record = RunRecord(stageKeys: config.stageKeys,
                               codeIdentity: StageNumericsVersions.current.identity(through: .evaluation),
                               numerics: Numerics(completion), metrics: metrics, diagnostics: diagnostics,
                               videoPairs: try? VideoPairsFile.pairCounts(table: table, metrics: metrics, source: file.path))
        try record.write(to: output.appendingPathComponent(fileName))
        return record
    }

    /// Deterministic JSON (sorted keys, pretty-printed).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Writes the record atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(try encoded(), to: url)
    }

    /// Reads a `record.json`, refusing other versions; errors name the file.
    public static func read(from url: URL) throws -> RunRecord {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PipelineError.evaluation("\(url.path): cannot read the run record: \(error.localizedDescription)")
        }
        struct Versioned: Decodable { var version: Int }
        guard let version = try? JSONDecoder().decode(Versioned.self, from: data).version else {
            throw PipelineError.evaluation("\(url.path): not a run record (no version)")
        }
        guard version == currentVersion else {
            throw PipelineError.evaluation("\(url.path): run record version \(version); this f2lm reads version "
                + "\(currentVersion): run the evaluation again")
        }
        do { return try JSONDecoder().decode(RunRecord.self, from: data) } catch {
            throw PipelineError.evaluation("\(url.path): cannot decode the run record: \(error)")
        }
    }
}

/// What a run's numbers say beyond its metrics (runs.csv's diagnostic columns): the Destroyer's mean training
/// diff_p on clean and noised patches (`DestroyerDiagnostics`), its mean test-time change inside and outside the
/// anomaly masks (`DestroyerChange`), and the fraction of scored frames whose triplet hinges are exactly 0
/// (`TripletHingeDiagnostics`). Nil = not applicable or not recorded.
public struct RunDiagnostics: Codable, Sendable, Equatable {
    /// Mean diff_p of the patches the noise left clean in Destroyer training.
    public var destroyerDifficultyClean: Double?
    /// Mean diff_p of the noised patches in Destroyer training.
    public var destroyerDifficultyNoised: Double?
    /// The Destroyer's mean test-time change inside the anomaly masks.
    public var destroyerChangeInside: Double?
    /// The Destroyer's mean test-time change over all other test pixels.
    public var destroyerChangeOutside: Double?
    /// Fraction of scored frames whose label-triplet hinge is exactly 0.
    public var labelTripletZero: Double?
    /// Fraction of scored frames whose motion-triplet hinge is exactly 0.
    public var motionTripletZero: Double?

    /// Diagnostics with the triplet hinges' fractions only.
    public init(hinges: TripletHingeDiagnostics) {
        labelTripletZero = hinges.labelZero
        motionTripletZero = hinges.motionZero
    }
}
