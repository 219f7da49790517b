import Foundation
import TestSupport
import XCTest

/// Portable numerics end to end: the real generator trainer (GeneratorTrainer: generator, discriminator, data) at
/// the default scale, a few steps, in child processes of `f2lm-bench --digest` (built with the tests,
/// `BuiltProducts`), once as this machine runs it and once limited to AVX2 as an AVX2-only machine would run it.
final class PortableNumericsTests: XCTestCase {
    /// What an AVX2-only x86-64 machine does: oneDNN's AVX2 kernels and OpenBLAS's Haswell kernel.
    static let avx2Machine = ["ONEDNN_MAX_CPU_ISA": "AVX2", "OPENBLAS_CORETYPE": "Haswell"]

    /// The digest and kernels line of a 3-step generator training in a child process with `environment` added.
    func train(_ environment: [String: String]) throws -> (digest: String, kernels: String) {
        let process = Process()
        process.executableURL = try BuiltProducts.executable("f2lm-bench")
        process.arguments = ["--configs", "generator-step", "--warmup", "0", "--steps", "3", "--no-sgemm", "--digest"]
        var inherited = ProcessInfo.processInfo.environment
        for name in ["ONEDNN_MAX_CPU_ISA", "OPENBLAS_CORETYPE", "F2LM_PORTABLE_NUMERICS"] { inherited[name] = nil }
        process.environment = inherited.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        let line = try XCTUnwrap(output.split(separator: "\n").first { $0.hasPrefix("digest generator-step ") }, output)
        let fields = line.split(separator: " ", maxSplits: 4)
        return (String(fields[2]), String(fields[4]))
    }

    func testPortableNumericsTrainsBitIdenticallyWhenLimitedToAVX2() throws {
        let portable = try train(["F2LM_PORTABLE_NUMERICS": "1"])
        let portableOnAVX2 = try train(Self.avx2Machine.merging(["F2LM_PORTABLE_NUMERICS": "1"]) { $1 })
        XCTAssertEqual(portable.kernels, "oneDNN AVX2, OpenBLAS Haswell")
        XCTAssertEqual(portable.digest, portableOnAVX2.digest, "portable numerics must not depend on the CPU's instruction set")

        // Without portable numerics this machine's own kernels run; on an AVX-512 machine they differ from AVX2's.
        let native = try train([:])
        let nativeOnAVX2 = try train(Self.avx2Machine)
        XCTAssertEqual(nativeOnAVX2.digest, portable.digest, "AVX2 kernels are the portable ones")
        print("PortableNumericsTests: native kernels \(native.kernels): digest \(native.digest); AVX2: \(nativeOnAVX2.digest); "
              + (native.digest == nativeOnAVX2.digest ? "identical" : "different") + " without portable numerics")
    }
}
