import Memoization
import Synchronization

/// Where a `PreparedVideo` keeps its `contentDigest` once computed: a reference, so the copies of one prepared video
/// (the memo's, each sampler's) digest its pixels once between them.
final class PreparedVideoDigestCache: Sendable {
    let digest = Mutex<ContentDigest?>(nil)
}

extension PreparedVideo {
    /// A 128-bit digest of everything a clip batch reads from this video: its frames, class maps, score maps and flow
    /// fields, in that order, each list with its length and each buffer with its bytes (`ContentDigest` chained).
    /// Computed on first use and kept with the video (its content never changes once prepared), so the clip batches
    /// of a process can be identified by the videos and windows they come from (`ClipSampler.inputsDigest`) instead
    /// of by digesting their megabytes of inputs at every look-up.
    public var contentDigest: ContentDigest {
        digestCache.digest.withLock { cached in
            if let cached { return cached }
            var digest = ContentDigest(of: [0x5EED_F1DE, frames.count, labels.count, scores.count, flows.count])
            for frame in frames { digest = ContentDigest(of: frame, previous: digest) }
            for map in labels { digest = ContentDigest(of: map, previous: digest) }
            for planes in scores { digest = ContentDigest(of: planes, previous: digest) }
            for field in flows { digest = ContentDigest(of: field, previous: digest) }
            cached = digest
            return digest
        }
    }
}
