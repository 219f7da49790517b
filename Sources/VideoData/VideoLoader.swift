import Foundation

/// Reads a video's frames, label maps and flow from disk, computing the label maps (background subtraction) and
/// flow (Horn–Schunck) in memory when the record has none. Never writes: derived inputs are stored only by the
/// dataset stage, in its own artifact (`DerivedInputs`, `DerivedInputsLocation`).
public enum VideoLoader {
    /// Decodes all frames of `record`; every frame must have the first frame's size and channel count.
    public static func frames(of record: VideoRecord) throws -> [RasterImage] {
        if record.framePaths.isEmpty, let video = record.videoPath {
            throw VideoDataError(video, "video file not decoded yet: its frames are decoded by the dataset stage (DerivedInputsLocation)")
        }
        var frames: [RasterImage] = []
        frames.reserveCapacity(record.frameCount)
        for path in record.framePaths {
            let image = try ImageCodec.read(path)
            if let first = frames.first, first.width != image.width || first.height != image.height || first.channels != image.channels {
                throw VideoDataError(path, "frame is \(image.width)x\(image.height)x\(image.channels) but the video's first frame \(record.framePaths[0]) is \(first.width)x\(first.height)x\(first.channels)")
            }
            frames.append(image)
        }
        return frames
    }

    /// The anomaly mask of frame `frame` of `record` at `width × height`, 0/1 per pixel: its `pixel_masks/` image
    /// in grey, resized, thresholded at half; nil when the record has no pixel mask for that frame.
    public static func pixelMask(of record: VideoRecord, frame: Int, width: Int, height: Int) throws -> [UInt8]? {
        guard let paths = record.pixelMaskPaths, paths.indices.contains(frame) else { return nil }
        let grey = try ImageCodec.read(paths[frame]).converted(toChannels: 1).resized(width: width, height: height)
        return grey.pixels.map { $0 >= 128 ? 1 : 0 }
    }

    /// The size the label maps (`labels: true`) or flow of `record` come at from `labelMaps`/`flows`: `working`
    /// for derived inputs (`record.derivedLabels`, `record.derivedFlows`: stored at the working resolution by the
    /// dataset stage), else the frames' size (`frames`: the first frame's width and height).
    public static func storedSize(of record: VideoRecord, labels: Bool, frames: (width: Int, height: Int),
                                  working: (width: Int, height: Int)?) -> (width: Int, height: Int) {
        let derived = labels ? record.derivedLabels : record.derivedFlows
        return derived ? (working ?? frames) : frames
    }

    /// Class-id maps (H×W per frame). From `record.labelPaths` when present: each must match the frame size, or
    /// `working` (the working width and height) when they are derived inputs (`record.derivedLabels`); otherwise
    /// background subtraction against the video's median frame, in memory, at the frame size.
    public static func labelMaps(of record: VideoRecord, frames: [RasterImage],
                                 working: (width: Int, height: Int)? = nil) throws -> [[UInt8]] {
        if let paths = record.labelPaths {
            let (w, h) = storedSize(of: record, labels: true, frames: (frames[0].width, frames[0].height), working: working)
            return try paths.map { path in
                let image = try ImageCodec.read(path)
                guard image.channels == 1 else { throw VideoDataError(path, "label map must be 8-bit grey (class ids), found \(image.channels) channels") }
                guard image.width == w, image.height == h else {
                    throw VideoDataError(path, record.derivedLabels
                        ? "derived label map is \(image.width)x\(image.height) but the working size is \(w)x\(h) (derived for another data.resolution?)"
                        : "label map is \(image.width)x\(image.height) but frames are \(w)x\(h)")
                }
                return image.pixels
            }
        }
        let background = BackgroundModel.median(of: frames)
        return frames.map { BackgroundModel.foreground($0, background: background) }
    }

    /// Flow to the next frame for every frame (the last frame's is zero if the files stop one early). From
    /// `record.flowPaths` when present: each must match the frame size, or `working` when they are derived inputs
    /// (`record.derivedFlows`, vectors in pixels of the working resolution); otherwise Horn–Schunck, in memory, at
    /// the frame size.
    public static func flows(of record: VideoRecord, frames: [RasterImage],
                             estimator: HornSchunckFlow = HornSchunckFlow(),
                             working: (width: Int, height: Int)? = nil) throws -> [FlowField] {
        if let paths = record.flowPaths {
            let (w, h) = storedSize(of: record, labels: false, frames: (frames[0].width, frames[0].height), working: working)
            var result = try paths.map { path -> FlowField in
                let f = try FlowField.read(path)
                guard f.width == w, f.height == h else {
                    throw VideoDataError(path, record.derivedFlows
                        ? "derived flow is \(f.width)x\(f.height) but the working size is \(w)x\(h) (derived for another data.resolution?)"
                        : "flow is \(f.width)x\(f.height) but frames are \(w)x\(h)")
                }
                return f
            }
            if result.count == frames.count - 1 { result.append(FlowField(width: w, height: h)) }
            return result
        }
        let w = frames[0].width, h = frames[0].height
        var result: [FlowField] = []
        for i in 0..<(frames.count - 1) { result.append(estimator.flow(from: frames[i], to: frames[i + 1])) }
        result.append(FlowField(width: w, height: h))
        return result
    }
}
