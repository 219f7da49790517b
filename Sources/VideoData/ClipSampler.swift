import Foundation

/// How clips are cut and scaled.
public struct ClipConfiguration: Hashable, Sendable {
    /// Input frames per clip (the paper: 4 frames predict the 5th).
    public var history: Int
    /// Working width and height in pixels (frames, labels and flow are resized to it).
    public var width: Int
    /// Working height in pixels.
    public var height: Int
    /// Frame channels: 1 (grey) or 3 (RGB); frames are converted as needed.
    public var channels: Int
    /// Number of label channels K per frame: classes of the one-hot maps (class ids ≥ K are folded into the last
    /// class), or score channels with `labelInput == .scores` (21 VOC classes for a synthetic family).
    public var classCount: Int
    /// One-hot class maps or per-class segmenter scores (`data.labels`).
    public var labelInput: LabelInput
    /// Multiplier applied to flow (pixels at the working resolution) before it goes into a batch.
    public var flowScale: Float

    /// The fewest input frames a clip can have: motion needs two frames (flow between the last two inputs).
    public static let minimumHistory = 2

    /// Creates a configuration.
    public init(history: Int = 4, width: Int, height: Int, channels: Int, classCount: Int,
                flowScale: Float = 1, labelInput: LabelInput = .onehot) {
        self.labelInput = labelInput
        precondition(history >= Self.minimumHistory, "ClipConfiguration: history must be at least \(Self.minimumHistory)")
        precondition(channels == 1 || channels == 3, "ClipConfiguration: channels must be 1 or 3")
        precondition(classCount >= 1 && width > 0 && height > 0, "ClipConfiguration: bad sizes")
        self.history = history; self.width = width; self.height = height; self.channels = channels
        self.classCount = classCount; self.flowScale = flowScale
    }
}

/// One video resized to the working resolution and held in memory: frames as bytes (C×H×W planes per frame),
/// class maps (H×W) and flow to the next frame (2×H×W, pixels at the working resolution).
///
/// Read-only once prepared (its pixel content is digested once, `contentDigest`, and the digest kept with it).
public struct PreparedVideo: Sendable {
    /// The video's name.
    public internal(set) var name: String
    /// Its scene (see `VideoRecord.scene`).
    public internal(set) var scene: String
    /// Frames, each C×H×W bytes (planar).
    public internal(set) var frames: [[UInt8]]
    /// Class maps, each H×W.
    public internal(set) var labels: [[UInt8]]
    /// Per-class scores, each K×H×W (channel planes), with `labelInput == .scores`; empty otherwise.
    public internal(set) var scores: [[Float]] = []
    /// Flow to the next frame, each 2×H×W (u plane then v plane).
    public internal(set) var flows: [[Float]]
    /// Per-frame 0/1 anomaly labels, if known.
    public internal(set) var frameLabels: [UInt8]?
    /// `contentDigest` once computed (shared by the copies of this value, which all hold the same content).
    let digestCache = PreparedVideoDigestCache()
    /// Number of frames.
    public var frameCount: Int { frames.count }

    /// Loads `record` (label maps and flow it lacks computed in memory at the native size, or read from derived
    /// inputs already at the working size) and resizes everything to `configuration`'s working size.
    /// With `labelInput == .scores` the scores come from the record's `scorePaths` (resized bilinearly), else, when
    /// `syntheticClasses` (the class ids are a synthetic family's), from `SegmenterScoreModel`; otherwise it is an error.
    public init(record: VideoRecord, configuration c: ClipConfiguration, syntheticClasses: Bool = false) throws {
        let native = try VideoLoader.frames(of: record)
        let working = (width: c.width, height: c.height)
        let labelMaps = try VideoLoader.labelMaps(of: record, frames: native, working: working)
        let flowFields = try VideoLoader.flows(of: record, frames: native, working: working)
        name = record.name
        scene = record.scene
        frameLabels = record.frameLabels
        let frameSize = (width: native[0].width, height: native[0].height)
        frames = native.map { image in
            let r = image.converted(toChannels: c.channels).resized(width: c.width, height: c.height)
            var planar = [UInt8](repeating: 0, count: r.pixels.count)
            let n = c.width * c.height
            for i in 0..<n { for k in 0..<c.channels { planar[k * n + i] = r.pixels[i * c.channels + k] } }
            return planar
        }
        let labelSize = VideoLoader.storedSize(of: record, labels: true, frames: frameSize, working: working)
        labels = labelMaps.map { Self.workingLabels($0, width: labelSize.width, height: labelSize.height, working: working) }
        if c.labelInput == .scores {
            scores = try Self.workingScores(record: record, labels: labels, configuration: c, syntheticClasses: syntheticClasses)
        }
        flows = flowFields.map { f in
            let r = Self.workingFlow(f, working: working)
            let n = c.width * c.height
            var planar = [Float](repeating: 0, count: 2 * n)
            for i in 0..<n { planar[i] = r.uv[2 * i]; planar[n + i] = r.uv[2 * i + 1] }
            return planar
        }
    }

    /// The K × H × W scores of every frame of `record` at the working size: its score arrays when it has them,
    /// else the segmenter score model of its working class maps `labels` (synthetic class ids only).
    static func workingScores(record: VideoRecord, labels: [[UInt8]], configuration c: ClipConfiguration,
                              syntheticClasses: Bool) throws -> [[Float]] {
        if let paths = record.scorePaths {
            return try paths.map { path in
                try SegmenterScores.read(path, channels: c.classCount, width: c.width, height: c.height)
            }
        }
        guard syntheticClasses, c.classCount == VOCClasses.names.count else {
            throw VideoDataError(record.framePaths.first ?? record.name,
                                 "data.labels: scores (the default) needs score arrays <split>/scores/\(record.name)/<frame>.npy (C × H × W float32) for video \(record.name): write them with scripts/prepare-inputs.py (the authors' segmenter, docs/datasets.md), or set data.labels: onehot")
        }
        return labels.enumerated().map { t, map in
            SegmenterScoreModel.scores(classes: map, width: c.width, height: c.height,
                                       seed: SegmenterScoreModel.seed(video: record.name, frame: t))
        }
    }

    /// A `width × height` class map at the `working` size (nearest neighbour; returned as is when already at that
    /// size). What the dataset stage stores as a derived label map.
    public static func workingLabels(_ map: [UInt8], width: Int, height: Int, working: (width: Int, height: Int)) -> [UInt8] {
        width == working.width && height == working.height ? map
            : ImageResampler.nearest(bytes: map, width: width, height: height, newWidth: working.width, newHeight: working.height)
    }

    /// A flow field at the `working` size (bilinear, vectors scaled to its pixels; returned as is when already at
    /// that size). What the dataset stage stores as derived flow.
    public static func workingFlow(_ field: FlowField, working: (width: Int, height: Int)) -> FlowField {
        field.width == working.width && field.height == working.height ? field
            : field.resized(width: working.width, height: working.height)
    }
}

/// A clip position: the video and the 0-based index of the target frame (inputs are the `history` frames
/// before it).
public struct ClipWindow: Equatable, Hashable, Sendable {
    /// Index of the video in the sampler.
    public var video: Int
    /// Index of the target frame.
    public var target: Int
}

/// Cuts clips from the videos of one split and assembles `ClipBatch`es: a seeded shuffled epoch iterator for
/// training, the windows of one test video in order for scoring, and the background image of the frames.
public struct ClipSampler: Sendable {
    /// The clip configuration.
    public let configuration: ClipConfiguration
    /// The videos of the split, at the working resolution.
    public let videos: [PreparedVideo]

    /// Loads every video of `split` of `dataset` (labels and flow the records lack computed in memory; see
    /// `DerivedInputsLocation.applied(to:)` to read derived ones instead).
    public init(dataset: VideoDataset, split: DatasetSplit, configuration: ClipConfiguration) throws {
        let records = split == .training ? dataset.training : dataset.testing
        self.configuration = configuration
        let synthetic = dataset.info?.family != nil
        self.videos = try records.map {
            try PreparedVideo.prepared(record: $0, configuration: configuration, syntheticClasses: synthetic)
        }
        for (record, video) in zip(records, videos) where video.frameCount <= configuration.history {
            throw VideoDataError(record.framePaths.first ?? dataset.path,
                                 "video \(record.name) has \(video.frameCount) frames; clips need more than history = \(configuration.history)")
        }
    }

    /// Creates a sampler over already prepared videos.
    public init(videos: [PreparedVideo], configuration: ClipConfiguration) {
        self.configuration = configuration
        self.videos = videos
    }

    /// Every clip window, video by video, targets from `history` to the last frame.
    public var windows: [ClipWindow] {
        videos.indices.flatMap { v in (configuration.history..<videos[v].frameCount).map { ClipWindow(video: v, target: $0) } }
    }

    /// The windows of video `video` in frame order (its first `history` frames are never targets).
    public func windows(ofVideo video: Int) -> [ClipWindow] {
        (configuration.history..<videos[video].frameCount).map { ClipWindow(video: video, target: $0) }
    }

    /// The test-time batches of video `video`, in frame order, at most `batchSize` clips each; each batch carries
    /// its target frame indices and (when known) labels. Each batch is assembled when the iteration reaches it, so
    /// a video's batches are never all in memory at once (at 64 × 64 pixels with score maps, a 140-frame video's
    /// inputs are ≈ 230 MB; assembling them up front had the kernel clearing fresh pages for every video).
    public func sequentialBatches(ofVideo video: Int, batchSize: Int)
        -> LazyMapSequence<LazyMapSequence<StrideTo<Int>, [ClipWindow]>, ClipBatch> {
        sequentialWindows(ofVideo: video, batchSize: batchSize).map { [self] in batch($0) }
    }

    /// The windows of `sequentialBatches(ofVideo:batchSize:)`'s batches: video `video`'s windows in frame order, in
    /// chunks of at most `batchSize` (for callers that assemble only part of a batch, e.g. `targets`).
    public func sequentialWindows(ofVideo video: Int, batchSize: Int) -> LazyMapSequence<StrideTo<Int>, [ClipWindow]> {
        precondition(batchSize > 0, "sequentialBatches: batchSize must be positive")
        let all = windows(ofVideo: video)
        return stride(from: 0, to: all.count, by: batchSize).lazy.map { Array(all[$0..<min(all.count, $0 + batchSize)]) }
    }

    /// A shuffled pass over all windows in batches of `batchSize` (the last, smaller batch is dropped when
    /// `dropLast`). The order is a pure function of (`seed`, `epoch`).
    public func epoch(_ epoch: Int, batchSize: Int, seed: UInt64, dropLast: Bool = true) -> ClipEpoch {
        precondition(batchSize > 0, "epoch: batchSize must be positive")
        var order = windows
        var rng = SeededGenerator(seed: seed, stream: [UInt64(epoch)])
        order.shuffle(using: &rng)
        return ClipEpoch(sampler: self, order: order, batchSize: batchSize, dropLast: dropLast)
    }

    /// Assembles the batch for `windows` (layout in `ClipBatch`). Frames become `byte / 127.5 − 1`, one-hot maps put
    /// 1 in the plane of each pixel's class (ids ≥ K in the last), scores are copied, flow is multiplied by
    /// `flowScale`.
    public func batch(_ windows: [ClipWindow]) -> ClipBatch {
        let c = configuration
        let n = c.width * c.height, h = c.history, k = c.classCount
        let framePlane = c.channels * n
        var frames = [Float](repeating: 0, count: windows.count * h * framePlane)
        var labels = [Float](repeating: 0, count: windows.count * h * k * n)
        var flow = [Float](repeating: 0, count: windows.count * (h - 1) * 2 * n)
        for (b, window) in windows.enumerated() {
            let video = videos[window.video]
            precondition(window.target >= h && window.target < video.frameCount, "ClipSampler.batch: window \(window) out of range")
            for f in 0..<h {
                let index = window.target - h + f
                Self.normalise(video.frames[index], count: framePlane, into: &frames, at: (b * h + f) * framePlane)
                let labelBase = (b * h + f) * k * n
                if c.labelInput == .scores {
                    let scores = video.scores[index]
                    precondition(scores.count == k * n, "ClipSampler.batch: \(scores.count) scores, expected \(k * n)")
                    Self.withElements(of: &labels, at: labelBase, count: k * n) { out in
                        scores.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: k * n) }
                    }
                } else {
                    let map = video.labels[index]
                    precondition(map.count == n, "ClipSampler.batch: label map of \(map.count) pixels, expected \(n)")
                    Self.withElements(of: &labels, at: labelBase, count: k * n) { out in
                        map.withUnsafeBufferPointer { ids in for i in 0..<n { out[min(Int(ids[i]), k - 1) * n + i] = 1 } }
                    }
                }
                if f < h - 1 {
                    let field = video.flows[index]
                    precondition(field.count == 2 * n, "ClipSampler.batch: flow of \(field.count) values, expected \(2 * n)")
                    Self.withElements(of: &flow, at: (b * (h - 1) + f) * 2 * n, count: 2 * n) { out in
                        field.withUnsafeBufferPointer { values in for i in 0..<(2 * n) { out[i] = values[i] * c.flowScale } }
                    }
                }
            }
        }
        let targets = targets(windows)
        return ClipBatch(count: windows.count, history: h, channels: c.channels, classCount: k, height: c.height, width: c.width,
                         frames: frames, target: targets.target, labels: labels, flow: flow,
                         videoIndices: targets.videoIndices, targetFrameIndices: targets.targetFrameIndices,
                         targetLabels: targets.targetLabels)
    }

    /// Runs `body` on the `count` elements of `array` from `offset` (bounds checked once, not per element).
    static func withElements(of array: inout [Float], at offset: Int, count: Int,
                             _ body: (UnsafeMutablePointer<Float>) -> Void) {
        precondition(offset >= 0 && offset + count <= array.count, "ClipSampler.batch: \(count) values at \(offset) of \(array.count)")
        array.withUnsafeMutableBufferPointer { body($0.baseAddress! + offset) }
    }

    /// `array[offset + i] = bytes[i] / 127.5 − 1` for the `count` bytes of one frame.
    static func normalise(_ bytes: [UInt8], count: Int, into array: inout [Float], at offset: Int) {
        precondition(bytes.count == count, "ClipSampler.batch: frame of \(bytes.count) bytes, expected \(count)")
        withElements(of: &array, at: offset, count: count) { out in
            bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<count { out[i] = Float(bytes[i]) / 127.5 - 1 }
            }
        }
    }

    /// How the background image is summarised per pixel.
    public enum BackgroundStatistic: Sendable { case mean, median }

    /// The background image (C×H×W, in [-1, 1]) of the frames of the videos in `scene` (all videos when nil):
    /// the per-pixel mean or median over frames (at most 256 evenly spaced frames for the median). Used as the
    /// Destroyer's "background vector".
    public func backgroundImage(_ statistic: BackgroundStatistic = .median, scene: String? = nil) -> [Float] {
        let selected = videos.filter { scene == nil || $0.scene == scene }
        precondition(!selected.isEmpty, "backgroundImage: no videos in scene \(scene ?? "-")")
        let all = selected.flatMap(\.frames)
        let size = all[0].count
        switch statistic {
        case .mean:
            var sum = [Double](repeating: 0, count: size)
            for f in all { for i in 0..<size { sum[i] += Double(f[i]) } }
            return sum.map { Float($0 / Double(all.count)) / 127.5 - 1 }
        case .median:
            let step = max(1, all.count / 256)
            let picked = stride(from: 0, to: all.count, by: step).map { all[$0] }
            var column = [UInt8](repeating: 0, count: picked.count)
            return (0..<size).map { i in
                for (j, f) in picked.enumerated() { column[j] = f[i] }
                column.sort()
                return Float(column[column.count / 2]) / 127.5 - 1
            }
        }
    }

    /// The distinct scenes of the videos, in first-seen order.
    public var scenes: [String] {
        var seen: [String] = []
        for v in videos where !seen.contains(v.scene) { seen.append(v.scene) }
        return seen
    }
}

/// The batches of one shuffled epoch (a `Sequence` and its own iterator).
public struct ClipEpoch: Sequence, IteratorProtocol, Sendable {
    let sampler: ClipSampler
    /// The windows of this epoch in their shuffled order.
    public let order: [ClipWindow]
    let batchSize: Int
    let dropLast: Bool
    var position = 0

    /// Number of batches this epoch yields.
    public var batchCount: Int { dropLast ? order.count / batchSize : (order.count + batchSize - 1) / batchSize }

    /// The next batch, or nil at the end of the epoch.
    public mutating func next() -> ClipBatch? {
        let end = Swift.min(order.count, position + batchSize)
        if position >= order.count || (dropLast && end - position < batchSize) { return nil }
        defer { position = end }
        return sampler.batch(Array(order[position..<end]))
    }
}
