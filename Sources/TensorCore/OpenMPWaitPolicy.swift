import Foundation

/// The OpenMP wait policy of the process. oneDNN (Debian's build uses libgomp) and OpenBLAS keep separate thread
/// pools; with libgomp's default policy its threads spin for about 3 ms after every parallel region and steal the
/// cores from OpenBLAS and the engine's own loops: a training step measured up to 8× slower on 2 cores. Without any
/// spin, though, every oneDNN call at 2 threads pays for waking its team from sleep: at the bench's 2-thread shapes
/// (`f2lm-bench`, 4 interleaved rounds each) no spin measured unet-small 60–61 ms, f2lm-small 135–155 ms, against
/// 37–62 ms and 82–117 ms with a spin of 3,000–300,000. So the policy is passive after a short spin
/// (`spinCount`). libgomp does not spin at all when the process runs more OpenMP threads than it has cores (several
/// nodes with several threads each), under the passive policy. libgomp reads these variables once, when it is
/// loaded (before `main`), so the only way to set them from inside is to re-execute.
public enum OpenMPWaitPolicy {
    /// `GOMP_SPINCOUNT` set with the passive policy: about 0.3 ms of spinning (libgomp's estimate is 100,000 spins
    /// per millisecond) before a waiting OpenMP thread sleeps.
    public static let spinCount = "30000"

    /// The variables `ensurePassive` sets, given the process environment `environment`: `OMP_WAIT_POLICY=PASSIVE`
    /// and `GOMP_SPINCOUNT=spinCount` when the caller chose no policy (a spin count the caller chose is kept; a
    /// policy the caller chose is left alone with whatever spin count it implies), and with `portableNumerics` the
    /// variables of `PortableNumerics.environment` that differ.
    public static func missingVariables(environment: [String: String], portableNumerics: Bool) -> [(String, String)] {
        var missing: [(String, String)] = []
        if environment["OMP_WAIT_POLICY"] == nil {
            missing.append(("OMP_WAIT_POLICY", "PASSIVE"))
            if environment["GOMP_SPINCOUNT"] == nil { missing.append(("GOMP_SPINCOUNT", spinCount)) }
        }
        if portableNumerics {
            missing += PortableNumerics.environment.filter { environment[$0.key] != $0.value }
                .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return missing
    }

    /// Sets the variables of `missingVariables` (if any) and re-executes the current program with the same
    /// arguments (`execv` of `/proc/self/exe`; does not return on success). Call it first thing in `main`.
    /// With `portableNumerics`, the variables of `PortableNumerics.environment` are set too (in the same
    /// re-execution), since OpenBLAS also reads its kernel choice when it is loaded.
    public static func ensurePassive(portableNumerics: Bool = false) {
        let missing = missingVariables(environment: ProcessInfo.processInfo.environment, portableNumerics: portableNumerics)
        guard !missing.isEmpty else { return }
        for (name, value) in missing { setenv(name, value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv only returns on failure: continue with the default policy.
    }
}
