import Foundation

/// A private folder where a fuzz target writes each input under the file name the product reads (readers are
/// called through their file entry points, exactly as the product calls them). Created once per process under
/// the system's temporary folder; holds a copy of `experiments/defaults.yaml` and `experiments/scales/` so a
/// spec input can `extends: defaults.yaml` and use `--scale smoke` as real specs do.
public final class FuzzWorkspace: @unchecked Sendable {
    /// The workspace folder.
    public let root: URL

    /// Creates a fresh workspace folder for this process.
    public init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        root = base.appendingPathComponent("f2lm-fuzz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", isDirectory: true)
        let manager = FileManager.default
        let experiments = root.appendingPathComponent("experiments", isDirectory: true)
        try manager.createDirectory(at: experiments.appendingPathComponent("scales"), withIntermediateDirectories: true)
        let source = FuzzWorkspace.repositoryRoot.appendingPathComponent("experiments", isDirectory: true)
        for name in ["defaults.yaml", "scales/smoke.yaml", "scales/default.yaml", "scales/paper.yaml"] {
            let from = source.appendingPathComponent(name)
            if manager.fileExists(atPath: from.path) {
                try manager.copyItem(at: from, to: experiments.appendingPathComponent(name))
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The repository checkout this file was compiled from (for the config files a spec extends).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Writes `bytes` to `relativePath` inside the workspace (creating folders) and returns its URL.
    @discardableResult
    public func write(_ bytes: [UInt8], to relativePath: String) -> URL {
        let url = root.appendingPathComponent(relativePath)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // A failed write is a broken machine, not an input the reader should see.
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
            preconditionFailure("FuzzWorkspace: cannot write \(url.path)")
        }
        return url
    }
}
