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
    /// in grey, resized, thresholded at half; nil when the record has no pixel mask for that frame. Kept per process
    /// when `PreparedVideoMemo` is enabled (`PixelMaskMemo`).
    public static func pixelMask(of record: VideoRecord, frame: Int, width: Int, height: Int) throws -> [UInt8]? {
        guard let paths = record.pixelMaskPaths, paths.indices.contains(frame) else { return nil }
        return try PixelMaskMemo.mask(path: paths[frame], width: width, height: height) {
            let grey = try ImageCodec.read(paths[frame]).converted(toChannels: 1).resized(width: width, height: height)
            return grey.pixels.map { $0 >= 128 ? 1 : 0 }
        }
    }

    /// The size `labelMaps` and `flows` return their maps and fields at: `working` when given (every accepted
    /// stored size resized to it, `InputResolution`), else the frames' size.
    public static func storedSize(of record: VideoRecord, labels: Bool, frames: (width: Int, height: Int),
                                  working: (width: Int, height: Int)?) -> (width: Int, height: Int) {
        working ?? frames
    }

    /// Class-id maps (H×W per frame) at `storedSize` (`working` when given, else the frames' size). From
    /// `record.labelPaths` when present, at any size `InputResolution.check` accepts (the frames', the working,
    /// the F2LM authors' 256 × 256; derived ones at the working size only), resized by nearest neighbour
    /// (`PreparedVideo.workingLabels`); otherwise background subtraction against the video's median frame, in
    /// memory, at the frame size, then resized the same way.
    public static func labelMaps(of record: VideoRecord, frames: [RasterImage],
                                 working: (width: Int, height: Int)? = nil) throws -> [[UInt8]] {
        let frameSize = (width: frames[0].width, height: frames[0].height)
        let target = storedSize(of: record, labels: true, frames: frameSize, working: working)
        if let paths = record.labelPaths {
            return try paths.map { path in
                let image = try ImageCodec.read(path)
                guard image.channels == 1 else { throw VideoDataError(path, "label map must be 8-bit grey (class ids), found \(image.channels) channels") }
                try InputResolution.check(width: image.width, height: image.height, path: path, what: "label map",
                                          derived: record.derivedLabels, frames: frameSize, working: working)
                return PreparedVideo.workingLabels(image.pixels, width: image.width, height: image.height, working: target)
            }
        }
        let background = BackgroundModel.median(of: frames)
        return frames.map {
            PreparedVideo.workingLabels(BackgroundModel.foreground($0, background: background), width: frameSize.width,
                                        height: frameSize.height, working: target)
        }
    }

    /// Flow to the next frame for every frame (the last frame's is zero if the files stop one early), at
    /// `storedSize` (`working` when given, else the frames' size), vectors in its pixels. From
    /// `record.flowPaths` when present, at any size `InputResolution.check` accepts, resized bilinearly with the
    /// vectors scaled (`PreparedVideo.workingFlow`); otherwise Horn–Schunck, in memory, at the frame size, then
    /// resized the same way.
    public static func flows(of record: VideoRecord, frames: [RasterImage],
                             estimator: HornSchunckFlow = HornSchunckFlow(),
                             working: (width: Int, height: Int)? = nil) throws -> [FlowField] {
        let frameSize = (width: frames[0].width, height: frames[0].height)
        let target = storedSize(of: record, labels: false, frames: frameSize, working: working)
        var result: [FlowField] = []
        if let paths = record.flowPaths {
            result = try paths.map { path -> FlowField in
                let f = try FlowField.read(path)
                try InputResolution.check(width: f.width, height: f.height, path: path, what: "flow",
                                          derived: record.derivedFlows, frames: frameSize, working: working)
                return PreparedVideo.workingFlow(f, working: target)
            }
        } else {
            for i in 0..<(frames.count - 1) {
                result.append(PreparedVideo.workingFlow(estimator.flow(from: frames[i], to: frames[i + 1]), working: target))
            }
        }
        if result.count == frames.count - 1 { result.append(FlowField(width: target.width, height: target.height)) }
        return result
    }
}
