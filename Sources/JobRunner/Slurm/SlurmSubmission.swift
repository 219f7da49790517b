import Foundation

/// One submission of a job graph to Slurm: its levels, job arrays and folder; with what the tasks run
/// (`SlurmManifest.source`) it is the content of `<cache>/slurm/<id>/plan.json`.
///
/// Folder layout of a submission:
/// ```
/// <cache>/slurm/<id>/plan.json           the manifest (this submission and its source)
/// <cache>/slurm/<id>/level-N.sbatch      the script of level N (one job array per chunk of MaxArraySize tasks)
/// <cache>/slurm/<id>/level-N.keys        node key of task i on line i+1 (task i = offset + SLURM_ARRAY_TASK_ID)
/// <cache>/slurm/<id>/logs/%A_%a.out      Slurm output of each array task
/// <cache>/slurm/<id>/tasks/<key>.start   "<jobid>_<task> <host> <time>", written when the task starts
/// <cache>/slurm/<id>/tasks/<key>.exit    the task's exit status (or "signal TERM"), written when it ends
/// ```
public struct SlurmSubmission: Sendable, Codable, Equatable {
    /// One level of the submission: nodes of one stage depth, submitted as one or more job arrays.
    public struct Level: Sendable, Codable, Equatable {
        /// Level number (0 = first submitted level).
        public var index: Int
        /// Stage names of the level's nodes, in order of first appearance.
        public var stages: [String]
        /// Node keys; task i runs `keys[i]`.
        public var keys: [String]
        /// One chunk per job array: task offset and task count (count ≤ MaxArraySize).
        public var chunks: [Chunk]
    }

    /// One job array of a level.
    public struct Chunk: Sendable, Codable, Equatable {
        /// Index in the level's keys of the chunk's task 0 (passed as `SlurmProgram.taskOffsetVariable`).
        public var offset: Int
        /// Number of tasks.
        public var count: Int
        /// Slurm job id of the array, nil when not submitted (dry run).
        public var jobID: String?
    }

    /// Submission id (`YYYYMMDD-HHMMSS.mmm-<random>`), the folder name.
    public var id: String
    /// Creation time, ISO 8601.
    public var created: String
    /// Absolute cache root.
    public var cache: String
    /// Working directory the tasks `cd` into (where relative paths in the specs resolve).
    public var workingDirectory: String
    /// Absolute path of the executable the tasks call.
    public var executable: String
    /// sbatch options.
    public var options: SlurmOptions
    /// Levels in submission order.
    public var levels: [Level]
    /// Stage of every submitted node, by key.
    public var stages: [String: String]
    /// True when the scripts were written without submitting.
    public var dryRun: Bool

    /// The submission folder `<cache>/slurm/<id>`.
    public var directory: URL { Self.submissionsDirectory(cache: cache).appendingPathComponent(id, isDirectory: true) }
    /// `<cache>/slurm`.
    public static func submissionsDirectory(cache: String) -> URL {
        URL(fileURLWithPath: cache).appendingPathComponent("slurm", isDirectory: true)
    }
    /// The manifest file (`SlurmManifest`).
    public var file: URL { directory.appendingPathComponent("plan.json") }
    /// `tasks/` folder of the start and exit files.
    public var tasksDirectory: URL { directory.appendingPathComponent("tasks", isDirectory: true) }
    /// `logs/` folder of the task outputs.
    public var logsDirectory: URL { directory.appendingPathComponent("logs", isDirectory: true) }
    /// `level-N.sbatch`.
    public func scriptFile(level: Int) -> URL { directory.appendingPathComponent("level-\(level).sbatch") }
    /// `level-N.keys`.
    public func keysFile(level: Int) -> URL { directory.appendingPathComponent("level-\(level).keys") }
    /// The Slurm output of array task `task` of array job `job`.
    public func logFile(job: String, task: Int) -> URL { logsDirectory.appendingPathComponent("\(job)_\(task).out") }

    /// Every submitted array job id, in submission order.
    public var jobIDs: [String] { levels.flatMap { $0.chunks.compactMap(\.jobID) } }

    /// The array job id and task id that run `key`, if it was submitted.
    public func task(of key: String) -> (job: String, task: Int)? {
        for level in levels {
            guard let index = level.keys.firstIndex(of: key) else { continue }
            for chunk in level.chunks where index >= chunk.offset && index < chunk.offset + chunk.count {
                return chunk.jobID.map { ($0, index - chunk.offset) }
            }
        }
        return nil
    }

    /// A new submission id from the current time: `YYYYMMDD-HHMMSS.mmm-<4 hex digits>` (sorts by time).
    public static func newID(date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss.SSS"
        return formatter.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }
}
