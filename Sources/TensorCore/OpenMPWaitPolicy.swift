import Foundation

/// The OpenMP wait policy of the process. oneDNN (Debian's build uses libgomp) and OpenBLAS keep separate thread
/// pools; with libgomp's default policy its threads spin after every parallel region and steal the cores from
/// OpenBLAS and the engine's own loops: a training step measured up to 8× slower on 2 cores. libgomp reads
/// `OMP_WAIT_POLICY` once, when it is loaded (before `main`), so the only fix from inside is to re-execute.
public enum OpenMPWaitPolicy {
    /// If `OMP_WAIT_POLICY` is not set, sets it to `PASSIVE` and re-executes the current program with the same
    /// arguments (`execv` of `/proc/self/exe`; does not return on success). Call it first thing in `main`.
    /// A policy chosen by the caller's environment is left alone.
    /// With `portableNumerics`, the variables of `PortableNumerics.environment` are set too (in the same
    /// re-execution), since OpenBLAS also reads its kernel choice when it is loaded.
    public static func ensurePassive(portableNumerics: Bool = false) {
        var missing: [(String, String)] = getenv("OMP_WAIT_POLICY") == nil ? [("OMP_WAIT_POLICY", "PASSIVE")] : []
        if portableNumerics {
            missing += PortableNumerics.environment.filter { getenv($0.key).map { String(cString: $0) } != $0.value }
                .map { ($0.key, $0.value) }
        }
        guard !missing.isEmpty else { return }
        for (name, value) in missing { setenv(name, value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv only returns on failure: continue with the default policy.
    }
}
