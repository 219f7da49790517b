import CFuzzerDriver
import Foundation
import FuzzTargets

nonisolated(unsafe) private var selectedTarget = FuzzTarget.spec
nonisolated(unsafe) private var sharedWorkspace: FuzzWorkspace?

/// libFuzzer's per-input entry: runs the selected reader; an unnamed error aborts like a trap, so libFuzzer
/// records the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let workspace = sharedWorkspace else { fatalError("FuzzDriver.main was not called") }
    if case .unnamedError(let text) = selectedTarget.run(bytes, in: workspace) {
        fatalError("fuzz-\(selectedTarget.rawValue): the reader threw an error that names no file: \(text)")
    }
    return 0
}

/// The `main` of every `fuzz-<target>` executable: selects the reader and hands the command line to libFuzzer
/// (`fuzz-mat CORPUS_DIR -max_total_time=600`, or `fuzz-mat crash-file` to replay one input).
public enum FuzzDriver {
    /// Runs libFuzzer on `target`; never returns.
    public static func main(_ target: FuzzTarget) -> Never {
        selectedTarget = target
        do { sharedWorkspace = try FuzzWorkspace() } catch { fatalError("cannot create the fuzz workspace: \(error)") }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) }
        exit(status)
    }
}
