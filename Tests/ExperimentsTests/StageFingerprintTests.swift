import F2LM
import Foundation
@testable import Experiments
@testable import JobRunner
import TestSupport
import XCTest

/// Ties each stage's numerics version (`StageNumericsVersions`, part of its cache key) to the numbers the stage
/// computes: one tiny run (smoke scale, walkway, seed 0, the Destroyer on) through the real `f2lm run` with
/// `--portable-numerics` and one thread — the same bits on AVX2 and AVX-512 machines — and, per stage, a digest of
/// the files its node wrote (timings left out: `summary.json` and the `steps_per_second` column of training logs).
/// When a stage's digest moves while its version and its parameters did not, the test fails until the version is
/// bumped (so caches recompute that stage and every later one) and the new fingerprint recorded below. When the tiny
/// run's parameters change (defaults.yaml, the walkway profile), its keys change with them: the test then asks for
/// the new parameter key and fingerprint to be recorded, and no bump.
final class StageFingerprintTests: XCTestCase {
    /// Per stage: the code identity (`StageNumericsVersions.identity(through:)`), the first 16 hex digits of the
    /// tiny run's parameter key of the stage (`RunConfig.parameterStageKeys`: it moves when defaults.yaml or the
    /// walkway profile change, which changes the stage's key anyway) and the fingerprint they compute.
    static let recorded: [PipelineStage: (code: String, parameters: String, fingerprint: String)] = [
        .dataset: ("numerics dataset=1", "a21a53e5dc4e8f07", "a3a91a22bba321ba"),
        .generator: ("numerics dataset=1 generator=1", "3efafe10be488aa8", "29254fff48fde4ff"),
        .destroyer: ("numerics dataset=1 generator=1 destroyer=1", "26c79305617e3e5f", "16b6150c296d38ce"),
        .scores: ("numerics dataset=1 generator=1 destroyer=1 scores=1", "bbbf8af2de2b8774", "6bebf6abdb9f441e"),
        .evaluation: ("numerics dataset=1 generator=1 destroyer=1 scores=1 evaluation=2", "dc1d805b5489fc3e", "d487ff52cac086ec"),
    ]

    static let spec = """
        name: fingerprint
        extends: [defaults.yaml]
        datasets: [walkway]
        seeds: [0]
        set: {destroyer.enabled: true}

        """

    /// The fingerprints of the tiny run, computed once for every test of the class.
    nonisolated(unsafe) static var measured: Result<[PipelineStage: (parameters: String, fingerprint: String)], any Error>?

    func fingerprints() throws -> [PipelineStage: (parameters: String, fingerprint: String)] {
        if let measured = Self.measured { return try measured.get() }
        let result = Result { try Self.runAndDigest() }
        Self.measured = result
        return try result.get()
    }

    static func runAndDigest() throws -> [PipelineStage: (parameters: String, fingerprint: String)] {
        let folder = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spec = try Fixtures.write(Self.spec, to: "fingerprint.yaml", in: folder)
        let cache = URL(fileURLWithPath: folder).appendingPathComponent("cache")
        let (status, output) = try F2LMCommand.run(
            ["run", spec, "--scale", "smoke", "--jobs", "1", "--threads", "1", "--portable-numerics", "--no-tensorboard",
             "--cache", cache.path, "--results", folder + "/results"], in: URL(fileURLWithPath: folder))
        guard status == 0 else { throw Failure(message: "f2lm run exited with status \(status):\n\(output)") }
        let run = try XCTUnwrap(try Plan.load(files: [spec], options: PlanOptions(scale: "smoke")).runs.first)
        let store = ArtifactCache(root: cache)
        var result: [PipelineStage: (parameters: String, fingerprint: String)] = [:]
        for stage in PipelineStage.allCases {
            let key = run.stageKeys[stage]
            guard let record = try store.verifiedCompletionRecord(stage: stage.rawValue, key: key) else {
                throw Failure(message: "no complete \(stage) node \(key) in \(cache.path)")
            }
            // What done.json says about the node: the portable kernels, its code identity and parameter key.
            guard record.kernels == "oneDNN AVX2, OpenBLAS Haswell", record.portableNumerics == true,
                  record.threads == 1,
                  record.codeIdentity == StageNumericsVersions.current.identity(through: stage),
                  record.parameterKey == run.config.parameterStageKeys[stage] else {
                throw Failure(message: "\(stage)'s done.json: kernels \(record.kernels ?? "nil"), portable "
                    + "\(String(describing: record.portableNumerics)), threads \(String(describing: record.threads)), "
                    + "code \(record.codeIdentity ?? "nil"), parameter key \(record.parameterKey ?? "nil")")
            }
            result[stage] = (String(run.config.parameterStageKeys[stage].prefix(16)),
                             try fingerprint(of: store.artifactDirectory(stage: stage.rawValue, key: key), files: record.files ?? [:]))
        }
        return result
    }

    /// SHA-256 (first 16 hex digits) of `path=digest` lines of the artifact's files, sorted by path: the recorded
    /// digests, except `summary.json` (left out) and training logs (digested without `steps_per_second`).
    static func fingerprint(of folder: URL, files: [String: String]) throws -> String {
        var lines = ""
        for (path, digest) in files.sorted(by: { $0.key < $1.key }) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            if name == "summary.json" { continue }
            if name == StageArtifact.trainingLog.fileName {
                let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
                lines += "\(path)=\(SHA256.hex(withoutColumn("steps_per_second", of: text)))\n"
            } else {
                lines += "\(path)=\(digest)\n"
            }
        }
        return String(SHA256.hex(lines).prefix(16))
    }

    /// `csv` (numbers and plain names, no quoting) without the column named `column`.
    static func withoutColumn(_ column: String, of csv: String) -> String {
        let rows = csv.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let index = rows.first?.firstIndex(where: { $0 == column }) else { return csv }
        return rows.map { row in row.enumerated().filter { $0.offset != index }.map { String($0.element) }.joined(separator: ",") }
            .joined(separator: "\n")
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Fails when `stage`'s fingerprint no longer matches the one recorded for its code identity and parameters.
    func check(_ stage: PipelineStage) throws {
        let measured = try fingerprints()
        let (parameters, fingerprint) = try XCTUnwrap(measured[stage])
        let current = StageNumericsVersions.current.identity(through: stage)
        let recorded = try XCTUnwrap(Self.recorded[stage])
        guard recorded.code == current else {
            return XCTFail("stage \(stage)'s code identity is now \"\(current)\" (recorded: \"\(recorded.code)\"): record "
                + "its new fingerprint \"\(fingerprint)\" for it in StageFingerprintTests.recorded")
        }
        guard recorded.parameters == parameters else {
            return XCTFail("the tiny run's \(stage) parameters changed (parameter key \(parameters), recorded "
                + "\(recorded.parameters): defaults.yaml, the walkway profile or the smoke scale changed), so its key changed "
                + "and nothing cached is reused: no version bump needed; record parameters \"\(parameters)\" and fingerprint "
                + "\"\(fingerprint)\" in StageFingerprintTests.recorded")
        }
        guard recorded.fingerprint != fingerprint else { return }
        // With an earlier stage's numbers moved too, that stage's bump is what recomputes this one.
        let first = PipelineStage.allCases.first { earlier in
            Self.recorded[earlier]?.code == StageNumericsVersions.current.identity(through: earlier)
                && Self.recorded[earlier]?.parameters == measured[earlier]?.parameters
                && Self.recorded[earlier]?.fingerprint != measured[earlier]?.fingerprint
        } ?? stage
        if first == stage {
            XCTFail("stage \(stage)'s numbers changed: bump \(stage)'s numerics version (StageNumericsVersions.current) "
                + "and record the new fingerprint \"\(fingerprint)\" in StageFingerprintTests.recorded")
        } else {
            XCTFail("stage \(stage)'s numbers changed after stage \(first)'s: bump \(first)'s numerics version "
                + "(it recomputes \(stage) too) and record \(stage)'s new fingerprint \"\(fingerprint)\"")
        }
    }

    func testDatasetNumbersMatchTheirVersion() throws { try check(.dataset) }
    func testGeneratorNumbersMatchTheirVersion() throws { try check(.generator) }
    func testDestroyerNumbersMatchTheirVersion() throws { try check(.destroyer) }
    func testScoresNumbersMatchTheirVersion() throws { try check(.scores) }
    func testEvaluationNumbersMatchTheirVersion() throws { try check(.evaluation) }

    /// The fingerprint moves with any recorded file and ignores timings.
    func testFingerprintCoversEveryFileButTimings() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("f2lm-fingerprint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "step,loss/total,steps_per_second\n1,0.5,12.0\n".write(to: folder.appendingPathComponent("training_log.csv"),
                                                                  atomically: true, encoding: .utf8)
        let files = ["training_log.csv": "ignored", "generator.safetensors": "aa", "summary.json": "s1"]
        let base = try Self.fingerprint(of: folder, files: files)
        XCTAssertEqual(try Self.fingerprint(of: folder, files: files.merging(["summary.json": "s2"]) { $1 }), base)
        XCTAssertNotEqual(try Self.fingerprint(of: folder, files: files.merging(["generator.safetensors": "ab"]) { $1 }), base)
        try "step,loss/total,steps_per_second\n1,0.5,99.0\n".write(to: folder.appendingPathComponent("training_log.csv"),
                                                                  atomically: true, encoding: .utf8)
        XCTAssertEqual(try Self.fingerprint(of: folder, files: files), base)
        try "step,loss/total,steps_per_second\n1,0.6,99.0\n".write(to: folder.appendingPathComponent("training_log.csv"),
                                                                  atomically: true, encoding: .utf8)
        XCTAssertNotEqual(try Self.fingerprint(of: folder, files: files), base)
    }
}
