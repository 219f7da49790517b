/// Runs the engine's own parallel loops on the calling thread's OpenMP team, the threads oneDNN's convolutions
/// already use.
///
/// Why: between two oneDNN calls the team's worker threads spin (`GOMP_SPINCOUNT`, see `OpenMPWaitPolicy`) on the
/// other cores. A loop split over Dispatch's threads (`concurrentPerform`) then competes with those spinning workers
/// for the same cores: at 2 threads a tenth of f2lm-small's CPU samples were libgomp spinning while Swift's
/// BatchNorm, pooling and loss loops ran. On the team itself the spinning worker takes the next chunk at once.
public enum OpenMPTeam {
    /// Whether libgomp's `GOMP_parallel` could be found (it can wherever `libdnnl` is Debian's OpenMP build).
    public static var isAvailable: Bool {
        OpenMP.shared.parallel != nil && OpenMP.shared.threadNumber != nil && OpenMP.shared.teamSize != nil
    }

    /// Calls `body(chunk)` once for every `chunk` in `0..<chunks`, concurrently on an OpenMP team of up to `chunks`
    /// threads (the caller is one of them); thread `t` of a team of `T` takes chunks `t, t + T, …`, so every chunk
    /// runs exactly once whatever team size OpenMP grants. Returns when all chunks are done; `false` (and runs
    /// nothing) when OpenMP is unavailable, so the caller can fall back to another thread pool.
    /// `body` must only write to locations determined by its chunk.
    public static func forEach(_ chunks: Int, _ body: (Int) -> Void) -> Bool {
        guard chunks > 0, let parallel = OpenMP.shared.parallel, let threadNumber = OpenMP.shared.threadNumber,
            let teamSize = OpenMP.shared.teamSize
        else { return false }
        withoutActuallyEscaping(body) { body in
            var work = TeamWork(chunks: chunks, body: body, threadNumber: threadNumber, teamSize: teamSize)
            withUnsafeMutablePointer(to: &work) { pointer in
                parallel({ raw in
                    let work = raw!.assumingMemoryBound(to: TeamWork.self)
                    let size = max(1, Int(work.pointee.teamSize()))
                    var chunk = Int(work.pointee.threadNumber())
                    while chunk < work.pointee.chunks {
                        work.pointee.body(chunk)
                        chunk += size
                    }
                }, UnsafeMutableRawPointer(pointer), UInt32(chunks), 0)
            }
        }
        return true
    }
}

/// What each team thread reads (never writes) while `OpenMPTeam.forEach` runs.
private struct TeamWork {
    let chunks: Int
    let body: (Int) -> Void
    let threadNumber: OpenMP.ThreadQuery
    let teamSize: OpenMP.ThreadQuery
}
