import Foundation

/// The content of `done.json`, written last into a node's temporary folder: its presence in
/// `<root>/<stage>/<key>/` marks the artifact complete, and its `files` digests let every read verify that the
/// artifact's files are the ones the node wrote (`ArtifactCache.verifiedCompletionRecord`).
public struct CompletionRecord: Codable, Sendable, Equatable {
    /// Key of the node.
    public var key: String
    /// Stage of the node.
    public var stage: String
    /// Human label of the node.
    public var label: String
    /// Wall-clock seconds the executor took.
    public var wallSeconds: Double
    /// When the node finished, ISO 8601 (UTC).
    public var finished: String
    /// Host name of the process that ran the node.
    public var host: String
    /// Process id that ran the node.
    public var pid: Int32
    /// BLAS/oneDNN threads the node ran with (its numbers depend on it); nil in records of older caches.
    public var threads: Int?
    /// The kernels the node computed with (`NodeNumerics.kernels`, e.g. `oneDNN AVX2, OpenBLAS Haswell`): nodes
    /// with different kernels give different last bits for the same seed. Nil in records of older caches.
    public var kernels: String?
    /// Whether the node ran with portable numerics (`--portable-numerics`); nil in records of older caches.
    public var portableNumerics: Bool?
    /// SHA-256 (lower-case hex) of every file of the artifact, by path relative to the artifact folder
    /// (`done.json` itself excluded); filled in by `ArtifactCache.commit`. Nil in records of older caches, whose
    /// nodes therefore count as unverifiable and run again.
    public var files: [String: String]?
    /// The node's key without code identity (`JobNode.parameterKey`). Nil in records of older caches, whose key
    /// was that key.
    public var parameterKey: String?
    /// The identity of the code the key covers (`JobNode.codeIdentity`, e.g. `numerics dataset=1 generator=1`);
    /// nil in records of older caches.
    public var codeIdentity: String?

    /// Creates a record.
    public init(key: String, stage: String, label: String, wallSeconds: Double, finished: String, host: String, pid: Int32,
                threads: Int? = nil, kernels: String? = nil, portableNumerics: Bool? = nil, files: [String: String]? = nil,
                parameterKey: String? = nil, codeIdentity: String? = nil) {
        self.parameterKey = parameterKey
        self.codeIdentity = codeIdentity
        self.threads = threads
        self.kernels = kernels
        self.portableNumerics = portableNumerics
        self.files = files
        self.key = key
        self.stage = stage
        self.label = label
        self.wallSeconds = wallSeconds
        self.finished = finished
        self.host = host
        self.pid = pid
    }
}

/// The content of `<root>/<stage>/<key>.failed.json`: why the last attempt at a node failed.
/// Removed when the node later succeeds.
public struct FailureRecord: Codable, Sendable, Equatable {
    /// Key of the node.
    public var key: String
    /// Stage of the node.
    public var stage: String
    /// Human label of the node.
    public var label: String
    /// The error, as text.
    public var reason: String
    /// The last (at most 20) lines of the node's log at the time of failure.
    public var logTail: [String]
    /// Path of the node's full log file.
    public var logPath: String
    /// When the node failed, ISO 8601 (UTC).
    public var date: String
    /// Host name of the failing process.
    public var host: String
    /// Process id of the failing process.
    public var pid: Int32

    /// Creates a record.
    public init(key: String, stage: String, label: String, reason: String, logTail: [String], logPath: String,
                date: String, host: String, pid: Int32) {
        self.key = key
        self.stage = stage
        self.label = label
        self.reason = reason
        self.logTail = logTail
        self.logPath = logPath
        self.date = date
        self.host = host
        self.pid = pid
    }
}
