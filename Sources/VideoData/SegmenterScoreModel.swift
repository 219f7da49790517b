import Foundation

/// Per-class score maps shaped like a semantic segmenter's logits, computed from a synthetic class-id map: what
/// `data.labels: scores` feeds the label encoder for the synthetic families (docs/labels.md).
///
/// The authors' E_l receives the raw logits of DeepLabv3-ResNet101 over the 21 VOC classes. Such logits are
/// non-zero in every channel everywhere, high inside the objects of a channel's class, raised for visually similar
/// classes (a cyclist partly "motorbike" and "person", a cart partly "bus"), smooth across object boundaries (the
/// network's output stride is 8, upsampled bilinearly) and noisy from frame to frame. The model, for VOC channel k
/// at pixel p of a W × H map with class ids L:
///
///     s_k(p) = b_k + Σ_c A[c][k] · (G_σ ∗ 1[L = c])(p) + a_s · n_k(p) + a_w · w_k(p)
///
/// - b_k: bias, 0 for background and `objectBias` (−4) for every object class;
/// - A[c][k]: the lift of our class c on VOC class k (`affinity`; the true class lifted by 8–12, similar classes by
///   0.5–6, a class VOC lacks — bag, skateboard — mostly background with its carrier's class raised);
/// - G_σ: a Gaussian blur with σ = `blurFraction` × W pixels (3 % of the width: 1 pixel at 32 × 32), edges
///   replicated;
/// - n_k: smooth noise, a 4 × 4 lattice of N(0, 1) values interpolated bilinearly, amplitude a_s = 0.6;
/// - w_k: per-pixel N(0, 1) noise, amplitude a_w = 0.3.
/// Both noises are drawn from `SeededGenerator(seed, stream: [k])`, the seed a function of the video's name and the
/// frame index (`seed(video:frame:)`), so the maps are a pure function of the video and its class maps.
public enum SegmenterScoreModel {
    /// Bias of every object class (background: 0).
    public static let objectBias: Float = -4
    /// σ of the boundary blur as a fraction of the map's width.
    public static let blurFraction = 0.03
    /// Amplitude of the smooth noise.
    public static let smoothNoise: Float = 0.6
    /// Amplitude of the per-pixel noise.
    public static let pixelNoise: Float = 0.3
    /// Lattice cells per side of the smooth noise.
    public static let noiseCells = 4

    /// A[c] as (VOC class name, lift) per synthetic class id (`SyntheticFamily.classNames`: background, person,
    /// bicycle, vehicle, bag, skateboard).
    public static let affinity: [[(String, Float)]] = [
        [("background", 8)],
        [("person", 12), ("background", 2), ("motorbike", 1.5), ("bicycle", 1), ("chair", 1), ("dog", 0.5), ("horse", 0.5)],
        [("bicycle", 10), ("motorbike", 6), ("person", 4), ("background", 3)],
        [("car", 10), ("bus", 5), ("train", 3), ("motorbike", 2), ("background", 2)],
        [("background", 6), ("person", 4), ("bottle", 2), ("chair", 2), ("sofa", 1)],
        [("background", 6), ("bicycle", 3), ("person", 3), ("boat", 1)],
    ]

    /// The affinity as a dense matrix: `liftMatrix[c][k]`.
    static let liftMatrix: [[Float]] = affinity.map { row in
        var lifts = [Float](repeating: 0, count: VOCClasses.names.count)
        for (name, lift) in row { lifts[VOCClasses.id(name)!] += lift }
        return lifts
    }

    /// The noise seed of frame `frame` of the video named `video` (FNV-1a of the name, mixed with the index).
    public static func seed(video: String, frame: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in video.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return SeededGenerator.mix(hash ^ (UInt64(frame) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// The 21 × H × W scores (channel planes, row-major) of the class map `classes` (W × H ids; ids beyond the
    /// affinity table count as the last class).
    public static func scores(classes: [UInt8], width: Int, height: Int, seed: UInt64) -> [Float] {
        precondition(classes.count == width * height, "SegmenterScoreModel: \(classes.count) ids for \(width)x\(height)")
        let n = width * height, k = VOCClasses.names.count
        var out = [Float](repeating: 0, count: k * n)
        for channel in 0..<k where channel != 0 { for i in 0..<n { out[channel * n + i] = objectBias } }
        let sigma = max(0.5, blurFraction * Double(width))
        let present = Set(classes.map { min(Int($0), liftMatrix.count - 1) })
        for c in present.sorted() {
            var mask = [Float](repeating: 0, count: n)
            for i in 0..<n where min(Int(classes[i]), liftMatrix.count - 1) == c { mask[i] = 1 }
            let blurred = blur(mask, width: width, height: height, sigma: sigma)
            for channel in 0..<k {
                let lift = liftMatrix[c][channel]
                if lift == 0 { continue }
                out.withUnsafeMutableBufferPointer { out in
                    blurred.withUnsafeBufferPointer { blurred in
                        for i in 0..<n { out[channel * n + i] += lift * blurred[i] }
                    }
                }
            }
        }
        // Where each row and column falls in the noise lattice (cell and fraction), the same for every channel.
        func latticePosition(_ index: Int, _ size: Int) -> (cell: Int, fraction: Float) {
            let g = (Double(index) + 0.5) / Double(size) * Double(noiseCells)
            let cell = min(noiseCells - 1, Int(g))
            return (cell, Float(g - Double(cell)))
        }
        let rows = (0..<height).map { latticePosition($0, height) }, columns = (0..<width).map { latticePosition($0, width) }
        let cells = noiseCells + 1
        // Per channel, its normal draws in order: the lattice's, then one per pixel (row-major).
        var normals = [Double](repeating: 0, count: cells * cells + n)
        var lattice = [Float](repeating: 0, count: cells * cells)
        out.withUnsafeMutableBufferPointer { out in
            for channel in 0..<k {
                var rng = SeededGenerator(seed: seed, stream: [UInt64(channel)])
                normals.withUnsafeMutableBufferPointer { rng.normals($0.count, into: $0.baseAddress!) }
                for t in lattice.indices { lattice[t] = Float(normals[t]) }
                let plane = out.baseAddress! + channel * n
                normals.withUnsafeBufferPointer { normals in
                    let pixelNormals = normals.baseAddress! + cells * cells
                    for y in 0..<height {
                        let (j, ty) = rows[y]
                        for x in 0..<width {
                            let (i, tx) = columns[x]
                            let a = lattice[j * cells + i], b = lattice[j * cells + i + 1]
                            let c = lattice[(j + 1) * cells + i], d = lattice[(j + 1) * cells + i + 1]
                            let smooth = (1 - ty) * ((1 - tx) * a + tx * b) + ty * ((1 - tx) * c + tx * d)
                            plane[y * width + x] += smoothNoise * smooth + pixelNoise * Float(pixelNormals[y * width + x])
                        }
                    }
                }
            }
        }
        return out
    }

    /// Separable Gaussian blur of a W × H plane with σ pixels (radius ⌈3σ⌉, edges replicated).
    static func blur(_ plane: [Float], width: Int, height: Int, sigma: Double) -> [Float] {
        let radius = Int((3 * sigma).rounded(.up))
        var weights = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        var rows = [Float](repeating: 0, count: plane.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for (o, w) in weights.enumerated() { sum += w * plane[y * width + min(width - 1, max(0, x + o - radius))] }
                rows[y * width + x] = sum
            }
        }
        var out = [Float](repeating: 0, count: plane.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for (o, w) in weights.enumerated() { sum += w * rows[min(height - 1, max(0, y + o - radius)) * width + x] }
                out[y * width + x] = sum
            }
        }
        return out
    }
}
