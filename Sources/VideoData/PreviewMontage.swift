/// A montage of a few frames of synthetic videos for a quick look: per video one row of frames (anomalous
/// pixels tinted red), one row of class maps (a fixed colour per class) and one row of flow (u → red, v → blue
/// around grey), frames evenly spaced over the video, each tile upscaled to at least 96 px.
public enum PreviewMontage {
    /// Builds the montage (RGB) for `videos`, `columns` frames each.
    public static func make(videos: [SyntheticVideo], columns: Int = 6) -> RasterImage {
        precondition(!videos.isEmpty, "PreviewMontage: no videos")
        let size = videos[0].frameSize
        let zoom = max(1, (96 + size - 1) / size)
        let tile = size * zoom, gap = 2
        let width = columns * (tile + gap), height = videos.count * 3 * (tile + gap)
        var out = RasterImage(width: width, height: height, channels: 3, pixels: [UInt8](repeating: 255, count: width * height * 3))
        let palette: [(UInt8, UInt8, UInt8)] = [(40, 40, 40), (230, 200, 60), (60, 160, 230), (220, 60, 60), (60, 200, 90), (200, 80, 220)]
        for (row, video) in videos.enumerated() {
            for col in 0..<columns {
                let t = min(video.frameCount - 1, col * video.frameCount / columns + video.frameCount / (2 * columns))
                let frame = video.frame(t)
                let rgb = frame.image.converted(toChannels: 3)
                for y in 0..<tile {
                    for x in 0..<tile {
                        let i = (y / zoom) * size + x / zoom
                        var c = (rgb.pixels[3 * i], rgb.pixels[3 * i + 1], rgb.pixels[3 * i + 2])
                        if frame.anomalyMask[i] != 0 { c = (UInt8(min(255, Int(c.0) / 2 + 128)), c.1 / 2, c.2 / 2) }
                        let l = palette[Int(frame.labels[i]) % palette.count]
                        let u = frame.flow.uv[2 * i], v = frame.flow.uv[2 * i + 1]
                        let f = (UInt8(max(0, min(255, 128 + 60 * u))), UInt8(128), UInt8(max(0, min(255, 128 + 60 * v))))
                        for (band, color) in [c, l, f].enumerated() {
                            let py = (row * 3 + band) * (tile + gap) + y, px = col * (tile + gap) + x
                            let o = (py * width + px) * 3
                            out.pixels[o] = color.0; out.pixels[o + 1] = color.1; out.pixels[o + 2] = color.2
                        }
                    }
                }
            }
        }
        return out
    }
}
