import Foundation
import VideoData

/// Tiny datasets in the layouts users have them in (ShanghaiTech and Avenue as published, the F2LM authors'
/// ShanghaiTech), made from a small synthetic dataset in the common layout: videos encoded with Debian's `ffmpeg`
/// (FFV1, lossless, so decoded frames equal the source frames), `.npy` masks with `NumpyArray`, `.mat` files with
/// `MATFileWriter`.
public enum PublishedLayoutFixtures {
    /// An error of a fixture step (ffmpeg missing or failing).
    public struct FixtureError: Error, CustomStringConvertible {
        public let description: String
    }

    /// A smoke walkway dataset in the common layout at `folder` (2 training, 4 test videos of 24 frames, 32 × 32),
    /// loaded: the source of every published-layout fixture.
    public static func source(in folder: URL, seed: UInt64 = 3) throws -> VideoDataset {
        let scale = SyntheticScale(trainVideos: 2, testVideos: 4, minFrames: 24, maxFrames: 24, frameSize: 32)
        try SyntheticDatasetWriter(family: .walkway, scale: scale, seed: seed).write(to: folder.path)
        return try VideoDataset.load(folder.path)
    }

    /// Encodes the frames of `record` (PNG files numbered `0000.png` …) into the video file `output` with
    /// `ffmpeg` (`codec` FFV1 by default: lossless).
    public static func encode(_ record: VideoRecord, to output: URL, codec: [String] = ["-c:v", "ffv1"]) throws {
        let folder = (record.framePaths[0] as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try run("/usr/bin/ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-framerate", "25", "-start_number", "0",
                                    "-i", folder + "/%04d.png"] + codec + [output.path])
    }

    /// Runs `tool` with `arguments`; an error with its output when it is missing or fails.
    public static func run(_ tool: String, _ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw FixtureError(description: "\(tool) is missing (Debian package ffmpeg: make deps)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: output, as: UTF8.self))")
        }
    }

    /// Copies the frame files of `record` into `folder` (created).
    static func copyFrames(_ record: VideoRecord, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for path in record.framePaths {
            try FileManager.default.copyItem(atPath: path, toPath: folder.appendingPathComponent((path as NSString).lastPathComponent).path)
        }
    }

    /// ShanghaiTech as published, from `source`: `training/videos/<video>.avi`, `testing/frames/<video>/`,
    /// `testing/test_frame_mask/<video>.npy`, `testing/test_pixel_mask/<video>.npy` (frames × H × W).
    public static func shanghaiTechOfficial(from source: VideoDataset, at root: URL) throws {
        for record in source.training {
            try encode(record, to: root.appendingPathComponent("training/videos/\(record.name).avi"))
        }
        let masks = root.appendingPathComponent("testing/test_frame_mask")
        let pixelMasks = root.appendingPathComponent("testing/test_pixel_mask")
        try FileManager.default.createDirectory(at: masks, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: pixelMasks, withIntermediateDirectories: true)
        for record in source.testing {
            try copyFrames(record, to: root.appendingPathComponent("testing/frames/\(record.name)"))
            try FrameGroundTruth.writeNumpyMask(record.frameLabels!, to: masks.appendingPathComponent("\(record.name).npy").path)
            let size = try ImageCodec.read(record.framePaths[0])
            try NumpyArray(shape: [record.frameCount, size.height, size.width],
                           values: record.frameLabels!.flatMap { [Double](repeating: Double($0), count: size.width * size.height) })
                .write(to: pixelMasks.appendingPathComponent("\(record.name).npy").path, dtype: "|u1")
        }
    }

    /// ShanghaiTech as the F2LM authors' code reads it, from `source`: `training/<video>/`, `testing/<video>/`
    /// frame folders and `testframemask/<video>.npy`.
    public static func shanghaiTechAuthors(from source: VideoDataset, at root: URL) throws {
        for record in source.training { try copyFrames(record, to: root.appendingPathComponent("training/\(record.name)")) }
        let masks = root.appendingPathComponent("testframemask")
        try FileManager.default.createDirectory(at: masks, withIntermediateDirectories: true)
        for record in source.testing {
            try copyFrames(record, to: root.appendingPathComponent("testing/\(record.name)"))
            try FrameGroundTruth.writeNumpyMask(record.frameLabels!, to: masks.appendingPathComponent("\(record.name).npy").path)
        }
    }

    /// The Avenue name of the `index`-th video (0-based): `01`, `02`, …
    public static func avenueName(_ index: Int) -> String { String(format: "%02d", index + 1) }

    /// Avenue as published, from `source`: `training_videos/NN.avi`, `testing_videos/NN.avi` and
    /// `testing_label_mask/<N>_label.mat` (`volLabel`: one uint8 H × W mask per frame, all ones on anomalous
    /// frames, zero elsewhere).
    public static func avenueOfficial(from source: VideoDataset, at root: URL) throws {
        for (index, record) in source.training.enumerated() {
            try encode(record, to: root.appendingPathComponent("training_videos/\(avenueName(index)).avi"))
        }
        let masks = root.appendingPathComponent("testing_label_mask")
        try FileManager.default.createDirectory(at: masks, withIntermediateDirectories: true)
        for (index, record) in source.testing.enumerated() {
            try encode(record, to: root.appendingPathComponent("testing_videos/\(avenueName(index)).avi"))
            let size = try ImageCodec.read(record.framePaths[0])
            let frames: [MATFileWriter.Value] = record.frameLabels!.map { label in
                .uint8(dimensions: [size.height, size.width], values: [UInt8](repeating: label, count: size.width * size.height))
            }
            try MATFileWriter.write(["volLabel": .cell(dimensions: [1, frames.count], cells: frames)],
                                    to: masks.appendingPathComponent("\(index + 1)_label.mat"))
        }
    }
}

/// A minimal MATLAB level-5 writer for test fixtures (uncompressed; uint8, double and cell arrays).
public enum MATFileWriter {
    /// A value to write.
    public indirect enum Value {
        case uint8(dimensions: [Int], values: [UInt8])
        case double(dimensions: [Int], values: [Double])
        case cell(dimensions: [Int], cells: [Value])
    }

    /// Writes `variables` (sorted by name) to `url`.
    public static func write(_ variables: [String: Value], to url: URL) throws {
        var bytes = [UInt8]("MATLAB 5.0 MAT-file, written by the f2lm tests".utf8)
        bytes += [UInt8](repeating: 0x20, count: 116 - bytes.count)
        bytes += [UInt8](repeating: 0, count: 8) + [0x00, 0x01] + Array("IM".utf8)
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) { bytes += matrix(name: name, value) }
        try Data(bytes).write(to: url)
    }

    static func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }

    /// A data element: type, byte count, payload padded to 8 bytes.
    static func element(_ type: UInt32, _ payload: [UInt8]) -> [UInt8] {
        le32(type) + le32(UInt32(payload.count)) + payload + [UInt8](repeating: 0, count: (8 - payload.count % 8) % 8)
    }

    static func matrix(name: String, _ value: Value) -> [UInt8] {
        let classCode: UInt32, dimensions: [Int], data: [UInt8]
        switch value {
        case .uint8(let dims, let values):
            classCode = 9; dimensions = dims; data = element(2, values)
        case .double(let dims, let values):
            classCode = 6; dimensions = dims; data = element(9, values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        case .cell(let dims, let cells):
            classCode = 1; dimensions = dims; data = cells.flatMap { matrix(name: "", $0) }
        }
        let payload = element(6, le32(classCode) + le32(0)) + element(5, dimensions.flatMap { le32(UInt32($0)) })
            + element(1, Array(name.utf8)) + data
        return element(14, payload)
    }
}
