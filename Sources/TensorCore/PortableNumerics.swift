import CBLAS
import DNNLKernels
import Foundation

/// Results that are bit-identical across x86-64 machines: the same kernels, hence the same summation order.
///
/// oneDNN and OpenBLAS choose their kernels from the CPU they run on (AVX-512 or AVX2 variants), and the kernels sum
/// in different orders, so the same seed gives different last bits on different CPUs (GAN training amplifies
/// them: single table cells moved by up to 15 points). Portable numerics caps oneDNN at AVX2
/// (`ONEDNN_MAX_CPU_ISA=AVX2`) and pins OpenBLAS's kernel to Haswell (`OPENBLAS_CORETYPE=Haswell`, an AVX2
/// kernel), which every x86-64 CPU with AVX2 runs identically. The engine's own loops do not depend on the CPU.
/// Both libraries read these variables when they are loaded, so they are set in the environment of a process
/// before it starts (`OpenMPWaitPolicy.ensurePassive(portableNumerics: true)` re-executes the program with them).
/// Thread counts still matter (they change the order of sums): portable numerics assumes the same thread count.
public enum PortableNumerics {
    /// The environment that makes a process's numerics portable.
    public static let environment = ["ONEDNN_MAX_CPU_ISA": "AVX2", "OPENBLAS_CORETYPE": "Haswell"]

    /// The environment variable that asks the `f2lm` command for portable numerics (`1`), as the flag
    /// `--portable-numerics` does.
    public static let requestVariable = "F2LM_PORTABLE_NUMERICS"

    /// Whether `arguments` (the command line) or the environment (`F2LM_PORTABLE_NUMERICS=1`) ask for portable
    /// numerics.
    public static func isRequested(arguments: [String] = CommandLine.arguments) -> Bool {
        arguments.contains("--portable-numerics") || getenv(requestVariable).map { String(cString: $0) } == "1"
    }

    /// Whether this process runs the portable kernels: oneDNN at AVX2 and OpenBLAS on its Haswell kernel.
    public static var isActive: Bool {
        DNNLInstructionSet.effective == "AVX2" && blasCore.lowercased() == "haswell"
    }

    /// OpenBLAS's kernel name in this process (`Haswell`, `SkylakeX`, …).
    public static var blasCore: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The kernels this process computes with, as recorded per node in `done.json`:
    /// `"oneDNN AVX512_CORE, OpenBLAS SkylakeX"`. Two nodes with the same text computed with the same kernels.
    public static var kernels: String {
        "oneDNN \(DNNLInstructionSet.effective), OpenBLAS \(blasCore)"
    }
}
