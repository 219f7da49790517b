import Memoization

/// The parts of a `ClipBatch` that are not the generator's inputs: its target frames and where they come from. What
/// a caller needs besides the generator's output when that output comes from a memo (`ClipSampler.targets`).
public struct ClipTargets: Sendable {
    /// Number of clips N.
    public var count: Int
    /// Target frames, (N, C, H, W), in [-1, 1]: `ClipBatch.target` of the same windows, bit for bit.
    public var target: [Float]
    /// Shape of `target`: [N, C, H, W].
    public var targetShape: [Int]
    /// For each clip, the index of its video in the sampler.
    public var videoIndices: [Int]
    /// For each clip, the 0-based frame index of its target frame in its video.
    public var targetFrameIndices: [Int]
    /// For each clip, the target frame's 0/1 anomaly label (when every clip's video has frame labels; else empty).
    public var targetLabels: [UInt8]
}

extension ClipSampler {
    /// `target`, `videoIndices`, `targetFrameIndices` and `targetLabels` of `batch(windows)`, without assembling its
    /// input frames, label maps and flow (at the default scale 97 % of a batch's bytes are score maps).
    public func targets(_ windows: [ClipWindow]) -> ClipTargets {
        let c = configuration
        let framePlane = c.channels * c.width * c.height
        var target = [Float](repeating: 0, count: windows.count * framePlane)
        var targetLabels: [UInt8] = []
        for (b, window) in windows.enumerated() {
            let video = videos[window.video]
            precondition(window.target >= c.history && window.target < video.frameCount,
                         "ClipSampler.targets: window \(window) out of range")
            Self.normalise(video.frames[window.target], count: framePlane, into: &target, at: b * framePlane)
            if let l = video.frameLabels { targetLabels.append(l[window.target]) }
        }
        if targetLabels.count != windows.count { targetLabels = [] }
        return ClipTargets(count: windows.count, target: target, targetShape: [windows.count, c.channels, c.height, c.width],
                           videoIndices: windows.map(\.video), targetFrameIndices: windows.map(\.target),
                           targetLabels: targetLabels)
    }

    /// A 128-bit digest that identifies the inputs (`frames`, `labels`, `flow`) of `batch(windows)`: the clip
    /// configuration, then per window its video's `PreparedVideo.contentDigest` and target index, `ContentDigest`
    /// chained. The batch's inputs are a pure function of exactly these, so two equal digests stand for equal inputs
    /// (up to a 128-bit collision), whatever sampler or node they come from; digesting a batch costs a few hundred
    /// bytes instead of its megabytes (each video's content is digested once, when first used).
    public func inputsDigest(_ windows: [ClipWindow]) -> ContentDigest {
        let c = configuration
        var header: [UInt64] = [0xC11B_1A7C_4E5D, UInt64(c.history), UInt64(c.width), UInt64(c.height), UInt64(c.channels),
                                UInt64(c.classCount), UInt64(c.flowScale.bitPattern), UInt64(windows.count)]
        header.append(c.labelInput == .scores ? 1 : 0)
        var words: [UInt64] = []
        words.reserveCapacity(3 * windows.count)
        for window in windows {
            let video = videos[window.video].contentDigest
            words += [video.first, video.second, UInt64(window.target)]
        }
        return ContentDigest(of: words, previous: ContentDigest(of: header))
    }
}
