import Foundation
import NN

/// A mid-phase checkpoint in a stage's work folder: named modules (weights and buffers), named AdamW states,
/// the number of completed steps and the training log so far, written so that a killed process resumes
/// bit-exactly. All randomness of a step is derived from (seed, step), so the step count is the whole RNG state.
///
/// Layout: `<workDirectory>/checkpoint/{<name>.safetensors, <name>.optimizer.safetensors, training_log.csv,
/// state.json}`; a new checkpoint is written to `checkpoint.partial` (state.json last) and then renamed, so a
/// kill at any moment leaves one complete checkpoint.
struct ResumableCheckpoint {
    let directory: URL

    init(workDirectory: URL) { directory = workDirectory }

    private var current: URL { directory.appendingPathComponent("checkpoint") }
    private var partial: URL { directory.appendingPathComponent("checkpoint.partial") }

    struct State: Codable { var step: Int; var phase: String }

    /// Writes a checkpoint after `step` completed steps.
    func save(step: Int, phase: String, modules: [String: Module], optimizers: [String: AdamW], log: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        if fm.fileExists(atPath: partial.path) { try fm.removeItem(at: partial) }
        try fm.createDirectory(at: partial, withIntermediateDirectories: true)
        for (name, module) in modules {
            try module.saveCheckpoint(to: partial.appendingPathComponent("\(name).safetensors"))
        }
        for (name, optimizer) in optimizers {
            try optimizer.saveState(to: partial.appendingPathComponent("\(name).optimizer.safetensors"))
        }
        try Data(log.utf8).write(to: StageArtifact.trainingLog.url(in: partial))
        try JSONEncoder().encode(State(step: step, phase: phase)).write(to: partial.appendingPathComponent("state.json"))
        if fm.fileExists(atPath: current.path) { try fm.removeItem(at: current) }
        try fm.moveItem(at: partial, to: current)
    }

    /// Loads the newest complete checkpoint into `modules` and `optimizers`; returns its step and log, or nil
    /// when there is none. A checkpoint of another phase or with mismatching tensors is an error naming the file.
    func load(phase: String, modules: [String: Module], optimizers: [String: AdamW]) throws -> (step: Int, log: String)? {
        let fm = FileManager.default
        var folder: URL? = nil
        for candidate in [current, partial] where fm.fileExists(atPath: candidate.appendingPathComponent("state.json").path) {
            folder = candidate
            break
        }
        guard let folder else { return nil }
        let stateURL = folder.appendingPathComponent("state.json")
        let state: State
        do { state = try JSONDecoder().decode(State.self, from: Data(contentsOf: stateURL)) } catch {
            throw ModelStageError.invalidArtifact(path: stateURL.path, message: "unreadable checkpoint state: \(error)")
        }
        guard state.phase == phase else {
            throw ModelStageError.invalidArtifact(path: stateURL.path, message: "checkpoint of phase \(state.phase), expected \(phase)")
        }
        for (name, module) in modules {
            try module.loadCheckpoint(from: folder.appendingPathComponent("\(name).safetensors"))
        }
        for (name, optimizer) in optimizers {
            try optimizer.loadState(from: folder.appendingPathComponent("\(name).optimizer.safetensors"))
        }
        let log = (try? String(contentsOf: StageArtifact.trainingLog.url(in: folder), encoding: .utf8)) ?? ""
        return (state.step, log)
    }
}
