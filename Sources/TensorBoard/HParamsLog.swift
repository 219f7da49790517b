import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The HParams folder of a TensorBoard log root: one session run per evaluated run (`<folder>/<session>/`,
/// holding its session start, its metrics as scalars at step 0 and its session end) and the experiment summary
/// (`<folder>/events.out.tfevents.experiment`), rebuilt after each session from every session in the folder so
/// that the dashboard lists the whole grid with every hyperparameter's values.
public struct HParamsLog: Sendable {
    /// The folder (e.g. `<cache>/tensorboard/hparams`).
    public let folder: URL

    /// Name of the experiment summary's file.
    public static let experimentFileName = "events.out.tfevents.experiment"

    /// A log in `folder`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// Writes (replacing any earlier one) the session `name`: its hyperparameters, its metrics (scalar tags and
    /// values, step 0) and its end with `status`; then rebuilds the experiment summary.
    public func writeSession(name: String, hparams: [String: HParamValue], metrics: [(tag: String, value: Double)],
                             status: TBHParamsStatus = .success, start: Date, end: Date = Date()) throws {
        let directory = folder.appendingPathComponent(name, isDirectory: true)
        try? FileManager.default.removeItem(at: directory)
        let writer = try SummaryWriter(directory: directory)
        try writer.write(HParamsSummary.sessionStart(hparams: hparams, startTime: start.timeIntervalSince1970),
                         step: 0, wallTime: start)
        try writer.scalars(metrics, step: 0, wallTime: end)
        try writer.write(HParamsSummary.sessionEnd(status: status, endTime: end.timeIntervalSince1970), step: 0, wallTime: end)
        try rebuildExperiment()
    }

    /// What the folder's sessions hold: each hyperparameter's values and every metric tag.
    public func scan() throws -> (domains: [String: Set<HParamValue>], metricTags: Set<String>, sessions: Int) {
        var domains: [String: Set<HParamValue>] = [:]
        var tags = Set<String>()
        var sessions = 0
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() {
            let directory = folder.appendingPathComponent(name, isDirectory: true)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            var started = false
            for event in try EventFiles.readAll(in: directory) where event.hasSummary {
                for value in event.summary.value {
                    if let data = HParamsSummary.pluginData(of: value), case .sessionStartInfo(let start) = data.data {
                        started = true
                        for (key, raw) in start.hparams {
                            if let parsed = HParamValue(raw) { domains[key, default: []].insert(parsed) }
                        }
                    } else if case .simpleValue = value.value {
                        tags.insert(value.tag)
                    }
                }
            }
            if started { sessions += 1 }
        }
        return (domains, tags, sessions)
    }

    /// Rewrites the experiment summary from the sessions now in the folder, under an exclusive lock on
    /// `<folder>/.experiment.lock` (evaluations finishing at once each see the others' sessions).
    public func rebuildExperiment() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lockPath = folder.appendingPathComponent(".experiment.lock").path
        let descriptor = open(lockPath, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw TensorBoardError.io(path: lockPath, message: "cannot open the lock file") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw TensorBoardError.io(path: lockPath, message: "cannot lock") }
        defer { flock(descriptor, LOCK_UN) }
        let (domains, tags, _) = try scan()
        let now = Date()
        var version = TBEvent()
        version.wallTime = now.timeIntervalSince1970
        version.fileVersion = "brain.Event:2"
        var event = TBEvent()
        event.wallTime = now.timeIntervalSince1970
        event.summary = HParamsSummary.experiment(domains: domains, metricTags: Array(tags),
                                                  created: now.timeIntervalSince1970)
        var data = RecordFraming.frame(try version.serializedData())
        data.append(RecordFraming.frame(try event.serializedData()))
        let url = folder.appendingPathComponent(Self.experimentFileName)
        do { try data.write(to: url, options: .atomic) } catch {
            throw TensorBoardError.io(path: url.path, message: "cannot write the experiment summary: \(error)")
        }
    }
}
