/// The shape of a drawable part.
enum BlobShape: Sendable { case ellipse, rectangle }

/// An axis-aligned ellipse or rectangle in normalised scene coordinates (x and y in [0, 1] across the frame):
/// centre and half-extents.
struct BlobGeometry: Sendable {
    var centerX: Double, centerY: Double, radiusX: Double, radiusY: Double
}

/// One drawable part of an actor: its geometry now and one frame later (for the exact flow), colour,
/// class id and whether it belongs to an anomalous event.
struct Blob: Sendable {
    var shape: BlobShape
    var now: BlobGeometry
    var next: BlobGeometry
    var color: SIMD3<Float>
    var classID: UInt8
    var anomalous: Bool
}

/// The four per-pixel outputs of one rendered frame at `width × height`.
struct RenderedFrame {
    /// RGB in [0, 1], interleaved H×W×3.
    var rgb: [Float]
    /// Class id per pixel (H×W).
    var labels: [UInt8]
    /// Exact flow to the next frame in pixels, interleaved H×W×2 (u = x, v = y).
    var flow: [Float]
    /// 1 where an anomalous part covers the pixel centre (H×W).
    var anomalyMask: [UInt8]
}

/// Rasterises blobs over a background with 4×4 supersampled coverage (anti-aliasing). Labels, flow and the
/// anomaly mask come from the top-most part whose coverage is at least one half. The flow of a pixel covered by
/// a part is exact: a part maps affinely from now to next (`q' = c' + (q − c) ⊙ r'/r`), so the displacement of
/// the surface point at the pixel centre is `q' − q`; background pixels have zero flow.
enum SceneRenderer {
    static func render(background: [Float], width: Int, height: Int, blobs: [Blob]) -> RenderedFrame {
        var rgb = background
        var labels = [UInt8](repeating: 0, count: width * height)
        var flow = [Float](repeating: 0, count: width * height * 2)
        var mask = [UInt8](repeating: 0, count: width * height)
        let w = Double(width), h = Double(height)
        let samples = 4
        for blob in blobs {
            let g = blob.now
            guard g.radiusX > 0, g.radiusY > 0 else { continue }
            let x0 = max(0, Int(((g.centerX - g.radiusX) * w).rounded(.down)))
            let x1 = min(width - 1, Int(((g.centerX + g.radiusX) * w).rounded(.up)))
            let y0 = max(0, Int(((g.centerY - g.radiusY) * h).rounded(.down)))
            let y1 = min(height - 1, Int(((g.centerY + g.radiusY) * h).rounded(.up)))
            if x0 > x1 || y0 > y1 { continue }
            let scaleX = blob.next.radiusX / g.radiusX, scaleY = blob.next.radiusY / g.radiusY
            for py in y0...y1 {
                for px in x0...x1 {
                    var inside = 0
                    for sy in 0..<samples {
                        let y = (Double(py) + (Double(sy) + 0.5) / Double(samples)) / h
                        let dy = (y - g.centerY) / g.radiusY
                        for sx in 0..<samples {
                            let x = (Double(px) + (Double(sx) + 0.5) / Double(samples)) / w
                            let dx = (x - g.centerX) / g.radiusX
                            switch blob.shape {
                            case .ellipse: if dx * dx + dy * dy <= 1 { inside += 1 }
                            case .rectangle: if abs(dx) <= 1 && abs(dy) <= 1 { inside += 1 }
                            }
                        }
                    }
                    if inside == 0 { continue }
                    let coverage = Float(inside) / Float(samples * samples)
                    let i = py * width + px
                    for c in 0..<3 { rgb[3 * i + c] += coverage * (blob.color[c] - rgb[3 * i + c]) }
                    if inside * 2 >= samples * samples {
                        labels[i] = blob.classID
                        mask[i] = blob.anomalous ? 1 : 0
                        let qx = (Double(px) + 0.5) / w, qy = (Double(py) + 0.5) / h
                        let nx = blob.next.centerX + (qx - g.centerX) * scaleX
                        let ny = blob.next.centerY + (qy - g.centerY) * scaleY
                        flow[2 * i] = Float((nx - qx) * w)
                        flow[2 * i + 1] = Float((ny - qy) * h)
                    }
                }
            }
        }
        return RenderedFrame(rgb: rgb, labels: labels, flow: flow, anomalyMask: mask)
    }
}

/// Resolution-independent value noise for procedural backgrounds: a hashed lattice, smoothly interpolated.
struct ValueNoise: Sendable {
    let seed: UInt64

    func lattice(_ i: Int, _ j: Int) -> Double {
        var z = seed ^ (UInt64(bitPattern: Int64(i)) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(bitPattern: Int64(j)) &* 0xC2B2_AE3D_27D4_EB4F)
        z = SeededGenerator.mix(z)
        return Double(z >> 11) * 0x1.0p-53
    }

    /// Noise in [0, 1] at (x, y) with `frequency` lattice cells per unit.
    func value(_ x: Double, _ y: Double, frequency: Double) -> Double {
        let fx = x * frequency, fy = y * frequency
        let i = Int(fx.rounded(.down)), j = Int(fy.rounded(.down))
        let tx = fx - Double(i), ty = fy - Double(j)
        let sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty)
        let a = lattice(i, j), b = lattice(i + 1, j), c = lattice(i, j + 1), d = lattice(i + 1, j + 1)
        return (1 - sy) * ((1 - sx) * a + sx * b) + sy * ((1 - sx) * c + sx * d)
    }

    /// Sum of octaves (fractal noise), normalised to about [0, 1].
    func fractal(_ x: Double, _ y: Double, frequency: Double, octaves: Int = 3) -> Double {
        var total = 0.0, amplitude = 1.0, norm = 0.0, f = frequency
        for _ in 0..<octaves {
            total += amplitude * value(x, y, frequency: f)
            norm += amplitude; amplitude *= 0.5; f *= 2
        }
        return total / norm
    }
}
