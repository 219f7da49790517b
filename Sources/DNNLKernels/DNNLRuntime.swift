import CDNNL
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Process-wide oneDNN state: the CPU engine (created once, on first use) and the thread-count setting.
///
/// Debian's `libdnnl` 2.6 is built with the OpenMP runtime (`DNNL_CPU_RUNTIME_OMP`, linked to `libgomp`). OpenMP
/// keeps the thread count per calling thread, so a count set on one thread would not reach kernels called from
/// another: ``threadCount`` is therefore stored here and applied (through `omp_set_num_threads`) on the calling
/// thread at the start of every kernel call. With `threadCount == 0` (the default) OpenMP's own default applies,
/// i.e. `OMP_NUM_THREADS` or the number of cores, as read when the library is first used.
///
/// When several threads call kernels at once, each call runs its own OpenMP team of `threadCount` threads; on a
/// machine with fewer cores than `callers × threadCount` OpenMP's busy-waiting makes oversubscription very slow,
/// so set `threadCount` to `cores / callers` (e.g. 1 when two models train in parallel on 2 cores).
public enum DNNLRuntime {
    /// Threads used by each kernel call (OpenMP team size); `0` means OpenMP's default (`OMP_NUM_THREADS` or
    /// all cores). Safe to read and write from any thread; the new value applies to calls that start afterwards.
    public static var threadCount: Int {
        get { threadSetting.value }
        set { threadSetting.value = max(0, newValue) }
    }

    /// `true` when the oneDNN CPU engine could be created (it can on any x86-64 machine with `libdnnl`).
    public static var isAvailable: Bool { engineHolder.engine != nil }

    /// The OpenMP team size a kernel started now on this thread would use (after applying ``threadCount``).
    public static var effectiveThreadCount: Int {
        applyThreadCount()
        return Int(OpenMP.shared.getMaxThreads?() ?? 1)
    }

    /// The oneDNN library version, e.g. `2.6.3`.
    public static var version: String {
        guard let v = dnnl_version() else { return "unknown" }
        return "\(v.pointee.major).\(v.pointee.minor).\(v.pointee.patch)"
    }

    /// The shared CPU engine, or `nil` if oneDNN could not create one. Engines are thread-safe.
    static var engine: dnnl_engine_t? { engineHolder.engine }

    /// The team size kernel calls use: ``threadCount``, or OpenMP's default when it is 0 (no OpenMP call).
    static var resolvedThreadCount: Int {
        let count = threadSetting.value
        return count > 0 ? count : OpenMP.shared.defaultThreadCount
    }

    /// Sets the OpenMP team size of the calling thread to ``resolvedThreadCount``.
    static func applyThreadCount() {
        if let setter = OpenMP.shared.setNumThreads { setter(Int32(resolvedThreadCount)) }
    }

    private static let engineHolder = EngineHolder()
    private static let threadSetting = LockedInt()
}

/// Owns the process-wide engine; it is never destroyed (lives as long as the process).
private final class EngineHolder: @unchecked Sendable {
    // Safe to share: `engine` is written once in `init` and oneDNN engines are thread-safe.
    let engine: dnnl_engine_t?

    init() {
        var created: dnnl_engine_t?
        engine = dnnl_engine_create(&created, dnnl_cpu, 0) == dnnl_success ? created : nil
    }
}

/// An `Int` guarded by a lock.
private final class LockedInt: @unchecked Sendable {
    // Safe to share: every access to `stored` holds `lock`.
    private let lock = NSLock()
    private var stored = 0

    var value: Int {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// The OpenMP entry points we need, looked up in the already loaded `libgomp` (a dependency of `libdnnl`), so
/// that no C shim is needed.
final class OpenMP: @unchecked Sendable {
    // Safe to share: every field is written once in `init` and is a plain C function pointer or a constant.
    typealias SetNumThreads = @convention(c) (Int32) -> Void
    typealias GetMaxThreads = @convention(c) () -> Int32
    /// `omp_get_thread_num`, `omp_get_num_threads`.
    typealias ThreadQuery = @convention(c) () -> Int32
    /// libgomp's `GOMP_parallel(fn, data, num_threads, flags)`: runs `fn(data)` on a team of `num_threads` threads,
    /// the caller included, and returns when all have finished (what `#pragma omp parallel` compiles to with GCC).
    typealias Parallel = @convention(c) (@convention(c) (UnsafeMutableRawPointer?) -> Void, UnsafeMutableRawPointer?,
                                         UInt32, UInt32) -> Void

    static let shared = OpenMP()

    let setNumThreads: SetNumThreads?
    let getMaxThreads: GetMaxThreads?
    let threadNumber: ThreadQuery?
    let teamSize: ThreadQuery?
    let parallel: Parallel?
    /// OpenMP's team size before any change (`OMP_NUM_THREADS` or the number of cores), read at load time.
    let defaultThreadCount: Int

    private init() {
        // Make sure oneDNN (and with it libgomp) is loaded before looking the symbols up.
        _ = dnnl_version()
        let handle = dlopen(nil, RTLD_NOW)
        let gomp = dlopen("libgomp.so.1", RTLD_NOW | RTLD_NOLOAD)
        func lookUp(_ name: String) -> UnsafeMutableRawPointer? {
            if let gomp, let symbol = dlsym(gomp, name) { return symbol }
            if let handle, let symbol = dlsym(handle, name) { return symbol }
            return nil
        }
        setNumThreads = lookUp("omp_set_num_threads").map { unsafeBitCast($0, to: SetNumThreads.self) }
        getMaxThreads = lookUp("omp_get_max_threads").map { unsafeBitCast($0, to: GetMaxThreads.self) }
        threadNumber = lookUp("omp_get_thread_num").map { unsafeBitCast($0, to: ThreadQuery.self) }
        teamSize = lookUp("omp_get_num_threads").map { unsafeBitCast($0, to: ThreadQuery.self) }
        parallel = lookUp("GOMP_parallel").map { unsafeBitCast($0, to: Parallel.self) }
        // Read before any `omp_set_num_threads`; a thread that never set a count sees the global default.
        defaultThreadCount = max(1, Int(getMaxThreads?() ?? 1))
    }
}
