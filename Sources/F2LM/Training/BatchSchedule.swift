import VideoData

/// The training batches of a phase as a pure function of (seed, step): step s uses batch `s mod B` of the
/// shuffled epoch `s div B` (B = full batches per epoch), so a resumed phase continues with exactly the batches
/// an uninterrupted one would have used.
struct BatchSchedule {
    let sampler: ClipSampler
    let batchSize: Int
    let seed: UInt64
    let batchesPerEpoch: Int
    private var cachedEpoch = -1
    private var order: [ClipWindow] = []

    init(sampler: ClipSampler, batchSize: Int, seed: UInt64, source: String) throws {
        self.sampler = sampler
        self.batchSize = batchSize
        self.seed = seed
        batchesPerEpoch = sampler.windows.count / batchSize
        guard batchesPerEpoch > 0 else {
            throw ModelStageError.invalidArtifact(path: source, message:
                "the training split has \(sampler.windows.count) clips, fewer than one batch of \(batchSize)")
        }
    }

    /// The batch of step `step` (0-based).
    mutating func batch(step: Int) -> ClipBatch { sampler.batch(windows(step: step)) }

    /// The clip windows of step `step`'s batch, in batch order.
    mutating func windows(step: Int) -> [ClipWindow] {
        let epoch = step / batchesPerEpoch, position = step % batchesPerEpoch
        if epoch != cachedEpoch {
            order = sampler.epoch(epoch, batchSize: batchSize, seed: seed).order
            cachedEpoch = epoch
        }
        return Array(order[(position * batchSize)..<((position + 1) * batchSize)])
    }
}
