import Foundation

/// What the `tensorboard` Python package's event reader finds in a log folder, through
/// `scripts/read-tensorboard-events.py` (installed by `make test`; the product itself never needs Python).
public struct TensorBoardEventReader {
    /// One run: scalars (tag → [(step, value)]), images (tag → [(step, width, height)]) and HParams plugin data
    /// (tag → the JSON form of `HParamsPluginData`).
    public struct Run {
        public var scalars: [String: [(step: Int, value: Double)]]
        public var images: [String: [(step: Int, width: Int, height: Int)]]
        public var hparams: [String: [String: Any]]
    }

    /// Runs by name (the folder relative to the log root).
    public var runs: [String: Run]

    /// The repository root (where `scripts/` is).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// An error of the Python reader, with what it printed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `logdir` with `python3 scripts/read-tensorboard-events.py`.
    public init(logdir: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repository.appendingPathComponent("scripts/read-tensorboard-events.py").path, logdir.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let messages = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "read-tensorboard-events.py failed (pip install tensorboard; make test does): \(messages)")
        }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let runs = root["runs"] as? [String: [String: Any]] else {
            throw Failure(description: "read-tensorboard-events.py printed no runs")
        }
        self.runs = runs.mapValues { entry in
            let scalars = (entry["scalars"] as? [String: [[Double]]] ?? [:])
                .mapValues { $0.map { (step: Int($0[0]), value: $0[1]) } }
            let images = (entry["images"] as? [String: [[Int]]] ?? [:])
                .mapValues { $0.map { (step: $0[0], width: $0[1], height: $0[2]) } }
            return Run(scalars: scalars, images: images, hparams: entry["hparams"] as? [String: [String: Any]] ?? [:])
        }
    }
}
