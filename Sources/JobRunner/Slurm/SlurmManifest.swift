import Foundation

/// `<cache>/slurm/<id>/plan.json`: everything an array task needs to run its node, and what a status command
/// needs to find the submission's jobs. One JSON object: the fields of the `submission` and, under `source`, what
/// the tasks run (a type of the program that submits, e.g. the experiment plan; the runner only stores it).
///
/// The submission's fields are readable on the manifest itself (`manifest.id`, `manifest.levels`).
@dynamicMemberLookup
public struct SlurmManifest<Source: Codable & Sendable & Equatable>: Sendable, Codable, Equatable {
    /// The submission: levels, job arrays, folder.
    public var submission: SlurmSubmission
    /// What the tasks run.
    public var source: Source

    /// A manifest of `submission` running `source`.
    public init(submission: SlurmSubmission, source: Source) {
        self.submission = submission
        self.source = source
    }

    /// A field of the submission.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<SlurmSubmission, Value>) -> Value {
        get { submission[keyPath: keyPath] }
        set { submission[keyPath: keyPath] = newValue }
    }

    /// A computed property of the submission.
    public subscript<Value>(dynamicMember keyPath: KeyPath<SlurmSubmission, Value>) -> Value {
        submission[keyPath: keyPath]
    }

    private enum CodingKeys: String, CodingKey {
        case source
    }

    /// Decodes the submission's fields and `source` from one object.
    public init(from decoder: any Decoder) throws {
        submission = try SlurmSubmission(from: decoder)
        source = try decoder.container(keyedBy: CodingKeys.self).decode(Source.self, forKey: .source)
    }

    /// Encodes the submission's fields and `source` into one object.
    public func encode(to encoder: any Encoder) throws {
        try submission.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
    }

    /// Writes the manifest (pretty JSON, atomically).
    public func write() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: submission.file)
    }

    /// Reads a manifest; errors name the file.
    public static func read(_ url: URL) throws -> SlurmManifest {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SlurmError.manifest(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(SlurmManifest.self, from: data) } catch {
            throw SlurmError.manifest(path: url.path, message: "not a submission manifest: \(error)")
        }
    }

    /// The most recent submission of a cache (by id, which sorts by time), or nil when there is none. Dry runs
    /// (scripts written, nothing submitted) are skipped unless `includingDryRuns`.
    public static func latest(cache: String, includingDryRuns: Bool = false) throws -> SlurmManifest? {
        let folder = SlurmSubmission.submissionsDirectory(cache: cache)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        for name in names.sorted(by: >) {
            let file = folder.appendingPathComponent(name).appendingPathComponent("plan.json")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            let manifest = try read(file)
            if includingDryRuns || !manifest.submission.dryRun { return manifest }
        }
        return nil
    }
}
