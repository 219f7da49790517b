import Foundation

/// The `f2lm` executable as the end-to-end tests run it: the one built with the tests (`BuiltProducts`), so a
/// test never runs a binary of other sources. A command's stdout and stderr go to a fresh `output-<UUID>.txt` in its working
/// folder, so a test can show every command's output when an assertion fails.
public enum F2LMCommand {
    /// `f2lm` in the tests' build folder (`.build/<triple>/<configuration>/f2lm`).
    public static let binary = BuiltProducts.folder.appendingPathComponent("f2lm")

    /// Throws `BuiltProducts.Missing` (failing the test, never skipping it) when `binary` is not built.
    public static func requireBuilt() throws {
        _ = try BuiltProducts.executable("f2lm")
    }

    /// Starts `f2lm ARGUMENTS` with `folder` as working directory; returns the running process and its output file.
    public static func launch(_ arguments: [String], in folder: URL) throws -> (process: Process, output: URL) {
        try requireBuilt()
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let log = folder.appendingPathComponent("output-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return (process, log)
    }

    /// Runs `f2lm ARGUMENTS` in `folder` to completion: its exit status and output (stdout and stderr).
    public static func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let (process, log) = try launch(arguments, in: folder)
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }
}
