import Foundation

/// The OpenMP wait policy of the process. oneDNN (Debian's build uses libgomp) and OpenBLAS keep separate thread
/// pools; with libgomp's default policy its threads spin after every parallel region and steal the cores from
/// OpenBLAS and the engine's own loops: a training step measured up to 8× slower on 2 cores. libgomp reads
/// `OMP_WAIT_POLICY` once, when it is loaded (before `main`), so the only fix from inside is to re-execute.
public enum OpenMPWaitPolicy {
    /// If `OMP_WAIT_POLICY` is not set, sets it to `PASSIVE` and re-executes the current program with the same
    /// arguments (`execv` of `/proc/self/exe`; does not return on success). Call it first thing in `main`.
    /// A policy chosen by the caller's environment is left alone.
    public static func ensurePassive() {
        guard getenv("OMP_WAIT_POLICY") == nil else { return }
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv only returns on failure: continue with the default policy.
    }
}
