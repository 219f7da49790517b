import Foundation

/// Copies a (dry-run) submission's files to a folder a person reads before submitting, with a `submit.sh` that
/// submits the levels in order, each `afterok` on the previous one's arrays.
public enum SlurmExport {
    /// The text of `submit.sh` for `manifest`, whose tasks run `program`.
    public static func submitScript(_ manifest: SlurmSubmission, program: SlurmProgram) -> String {
        var lines = ["#!/bin/bash", "# Submits \(program.name) submission \(manifest.id) level by level.", "set -euo pipefail",
                     "previous="]
        for level in manifest.levels {
            lines.append("current=")
            for chunk in level.chunks {
                let limit = manifest.options.arrayLimit.map { "%\($0)" } ?? ""
                lines.append("id=$(sbatch --parsable --array=0-\(chunk.count - 1)\(limit) "
                             + "--export=ALL,\(program.taskOffsetVariable)=\(chunk.offset) ${previous:+--dependency=afterok:$previous} "
                             + SlurmScript.quote(manifest.scriptFile(level: level.index).path) + ")")
                lines.append("id=${id%%;*}; current=${current:+$current:}$id")
                lines.append("echo \"level \(level.index) (\(level.stages.joined(separator: "+"))) offset \(chunk.offset): job $id\"")
            }
            lines.append("previous=$current")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Copies plan.json, every level's script and keys file, and writes submit.sh into `folder`; returns the files.
    @discardableResult
    public static func write(_ manifest: SlurmSubmission, program: SlurmProgram, to folder: URL) throws -> [URL] {
        let manager = FileManager.default
        do { try manager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw CacheError.io(path: folder.path, message: "cannot create folder: \(error.localizedDescription)")
        }
        var sources = [manifest.file]
        for level in manifest.levels { sources += [manifest.scriptFile(level: level.index), manifest.keysFile(level: level.index)] }
        var written: [URL] = []
        for source in sources {
            let target = folder.appendingPathComponent(source.lastPathComponent)
            guard let data = manager.contents(atPath: source.path) else {
                throw CacheError.io(path: source.path, message: "cannot read")
            }
            try AtomicFile.write(data, to: target)
            written.append(target)
        }
        let submit = folder.appendingPathComponent("submit.sh")
        try AtomicFile.write(submitScript(manifest, program: program), to: submit)
        try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: submit.path)
        return written + [submit]
    }
}
