import Foundation

/// One frame of a synthetic video with all its ground truth.
public struct SyntheticFrame: Sendable {
    /// The frame (grey for walkway, RGB otherwise).
    public var image: RasterImage
    /// Class id per pixel, row-major H×W (see `SyntheticFamily.classNames`).
    public var labels: [UInt8]
    /// Exact optical flow to the next frame in pixels, row-major H×W×2 (u right, v down).
    public var flow: FlowField
    /// 1 where an anomalous object covers the pixel, row-major H×W.
    public var anomalyMask: [UInt8]
    /// 1 when an anomalous object is in view (the frame-level ground truth).
    public var isAnomalous: Bool
}

/// A synthetic video: a scene set-up and its scheduled actors. Frames are rendered on demand and are a pure
/// function of (family, split, index, scale, seed), so any video can be regenerated on its own.
public struct SyntheticVideo: Sendable {
    /// The family.
    public let family: SyntheticFamily
    /// Training or testing.
    public let split: DatasetSplit
    /// The video's name in the dataset layout.
    public let name: String
    /// Number of frames.
    public let frameCount: Int
    /// Frame width and height in pixels.
    public let frameSize: Int
    /// The scene (camera set-up) index: 0 except for campus.
    public let scene: Int
    let setup: SceneSetup
    let actors: [SceneActor]
    let backgroundRGB: [Float]
    let gain: Double, castR: Double, castB: Double, driftAmplitude: Double, driftPeriod: Double, driftPhase: Double
    let noiseSigma: Double
    let noiseSeed: UInt64

    /// Plans video `index` of `split`: draws its length, lighting, normal crowd and (for testing) 1–2 anomalous
    /// events, deterministically from `seed`. A `validation` video is a test-like video (split `.testing`, with
    /// anomalies) from its own stream (3; training is 1, testing 2), named `v<name>`: never one of the test videos.
    public init(family: SyntheticFamily, split: DatasetSplit, index: Int, scale: SyntheticScale, seed: UInt64,
                validation: Bool = false) {
        precondition(!validation || split == .testing, "validation videos are test-like (split .testing)")
        let stream: UInt64 = validation ? 3 : (split == .training ? 1 : 2)
        var rng = SeededGenerator(seed: seed, stream: [UInt64(SyntheticFamily.allCases.firstIndex(of: family)!),
                                                      stream, UInt64(index)])
        self.family = family
        self.split = split
        self.name = (validation ? "v" : "") + family.videoName(split: split, index: index)
        self.frameSize = scale.frameSize
        self.scene = index % family.sceneCount
        let frames = scale.minFrames + Int(rng.uniform(0, Double(scale.maxFrames - scale.minFrames + 1)))
        self.frameCount = min(scale.maxFrames, frames)
        let setup = scale.tuning.applied(to: SceneSetup.make(family: family, scene: scene, seed: seed))
        self.setup = setup
        gain = rng.uniform(0.88, 1.08)
        castR = family == .walkway ? 0 : rng.uniform(-0.03, 0.03)
        castB = family == .walkway ? 0 : rng.uniform(-0.03, 0.03)
        driftAmplitude = rng.uniform(0.02, 0.06)
        driftPeriod = rng.uniform(60, 200)
        driftPhase = rng.uniform(0, 2 * .pi)
        noiseSigma = 0.012
        noiseSeed = rng.next()
        let size = scale.frameSize
        var bg = [Float](repeating: 0, count: size * size * 3)
        for y in 0..<size {
            for x in 0..<size {
                let c = setup.background((Double(x) + 0.5) / Double(size), (Double(y) + 0.5) / Double(size))
                for k in 0..<3 { bg[(y * size + x) * 3 + k] = c[k] }
            }
        }
        backgroundRGB = bg
        actors = SyntheticVideo.schedule(setup: setup, frames: frameCount, anomalies: split == .testing, rng: &rng)
    }

    static func randomColor(_ rng: inout SeededGenerator, dark: Bool = false) -> SIMD3<Float> {
        let base = dark ? rng.uniform(0.05, 0.35) : rng.uniform(0.15, 0.9)
        return SIMD3(Float(base * rng.uniform(0.7, 1.2)), Float(base * rng.uniform(0.7, 1.2)), Float(base * rng.uniform(0.7, 1.2)))
            .clamped(lowerBound: SIMD3(repeating: 0), upperBound: SIMD3(repeating: 1))
    }

    static func walker(on lane: WalkLane, start: Double, speed: Double, setup: SceneSetup, rng: inout SeededGenerator,
                       kind: ActorKind = .walker, anomalous: Bool = false, forward: Bool? = nil) -> SceneActor {
        let forward = forward ?? rng.chance(0.5)
        let offset = rng.uniform(-lane.halfWidth, lane.halfWidth)
        var (sx, sy, ex, ey) = forward ? (lane.ax, lane.ay, lane.bx, lane.by) : (lane.bx, lane.by, lane.ax, lane.ay)
        sy += offset; ey += offset
        let length = ((ex - sx) * (ex - sx) + (ey - sy) * (ey - sy)).squareRoot()
        let vx = (ex - sx) / length * speed, vy = (ey - sy) / length * speed
        let h = setup.baseHeight
        return SceneActor(kind: kind, startX: sx, startY: sy, velocityX: vx, velocityY: vy,
                          startTime: start, endTime: start + length / speed, baseHeight: h * rng.uniform(0.9, 1.1),
                          perspective: setup.perspective, shirt: randomColor(&rng), trousers: randomColor(&rng, dark: true),
                          skin: SIMD3(Float(rng.uniform(0.45, 0.85)), Float(rng.uniform(0.35, 0.65)), Float(rng.uniform(0.3, 0.55))),
                          accent: randomColor(&rng), phase: rng.uniform(0, 1),
                          strideFrequency: speed / (h * 0.55) * (kind == .runner ? 0.7 : 1), anomalous: anomalous)
    }

    /// The normal crowd (arrivals with a slowly varying rate, standers, bag carriers) and the anomalous events.
    static func schedule(setup: SceneSetup, frames: Int, anomalies: Bool, rng: inout SeededGenerator) -> [SceneActor] {
        var actors: [SceneActor] = []
        let period = rng.uniform(80, 240), phase = rng.uniform(0, 2 * .pi), density = rng.uniform(setup.densityRange.lowerBound, setup.densityRange.upperBound)
        var t = -260.0
        while t < Double(frames) {
            let rate = setup.arrivalRate * density * (1 + setup.densitySwing * sin(2 * .pi * t / period + phase))
            if rng.chance(max(0, rate)) {
                let lane = setup.lanes[Int(rng.uniform(0, Double(setup.lanes.count)))]
                var a = walker(on: lane, start: t, speed: rng.uniform(setup.walkSpeed.lowerBound, setup.walkSpeed.upperBound),
                               setup: setup, rng: &rng)
                a.carriesBag = rng.chance(setup.bagProbability)
                if a.endTime >= 0 { actors.append(a) }
            }
            t += 1
        }
        let standerCount = setup.standers.lowerBound + Int(rng.uniform(0, Double(setup.standers.count)))
        for _ in 0..<standerCount {
            var a = walker(on: setup.lanes[0], start: -1, speed: 0.001, setup: setup, rng: &rng, kind: .stander)
            a.startX = rng.uniform(setup.standZone.0.lowerBound, setup.standZone.0.upperBound)
            a.startY = rng.uniform(setup.standZone.1.lowerBound, setup.standZone.1.upperBound)
            a.endTime = Double(frames) + 10
            actors.append(a)
        }
        guard anomalies else { return actors }
        let events = frames < 120 || setup.family == .campus ? 1 : (rng.chance(0.5) ? 2 : 1)
        for e in 0..<events {
            // Spread events over the video so that normal stretches remain before, between and after them.
            let slot = Double(frames) / Double(events)
            let start = Double(e) * slot + rng.uniform(0.1, 0.45) * slot
            let kind = setup.anomalyKinds[Int(rng.uniform(0, Double(setup.anomalyKinds.count)))]
            actors += anomalyActors(kind: kind, start: start, frames: frames, setup: setup, rng: &rng)
        }
        return actors
    }

    static func anomalyActors(kind: ActorKind, start: Double, frames: Int, setup: SceneSetup,
                              rng: inout SeededGenerator) -> [SceneActor] {
        let lane = setup.lanes[0]
        let end = Double(frames) + 10
        // An actor entering from outside the view starts earlier so that it appears at `start`.
        func entering(_ a: SceneActor) -> SceneActor {
            var b = a
            let lead = 0.1 / max(1e-6, (a.velocityX * a.velocityX + a.velocityY * a.velocityY).squareRoot())
            b.startTime -= lead; b.endTime -= lead
            return b
        }
        switch kind {
        case .cyclist:
            return [entering(walker(on: lane, start: start, speed: setup.anomalySpeed * rng.uniform(0.025, 0.035), setup: setup, rng: &rng, kind: .cyclist, anomalous: true))]
        case .skater:
            return [entering(walker(on: lane, start: start, speed: setup.anomalySpeed * rng.uniform(0.018, 0.026), setup: setup, rng: &rng, kind: .skater, anomalous: true))]
        case .vehicle:
            return [entering(walker(on: lane, start: start, speed: setup.anomalySpeed * rng.uniform(0.015, 0.022), setup: setup, rng: &rng, kind: .vehicle, anomalous: true))]
        case .runner:
            let a = entering(walker(on: lane, start: start, speed: setup.anomalySpeed * rng.uniform(0.018, 0.026), setup: setup, rng: &rng, kind: .runner, anomalous: true))
            if setup.family == .campus {
                // Chasing: a second runner close behind.
                var b = a
                b.startTime += rng.uniform(6, 12); b.endTime = b.startTime + (a.endTime - a.startTime)
                b.shirt = randomColor(&rng)
                return [a, b]
            }
            return [a]
        case .walker:
            // Wrong way: across the grass (walkway) or towards the camera (plaza).
            if setup.family == .walkway {
                // Across the grass: in from the bottom edge, diagonally up and out at the nearer side.
                let x = rng.uniform(0.2, 0.8)
                let path = WalkLane(ax: x, ay: 1.2, bx: x < 0.5 ? x - 1.1 : x + 1.1, by: 0.3, halfWidth: 0.01)
                return [walker(on: path, start: start, speed: rng.uniform(0.007, 0.01), setup: setup, rng: &rng, anomalous: true, forward: true)]
            }
            // Out of the door towards the camera.
            let x = rng.uniform(0.46, 0.54)
            let path = WalkLane(ax: x, ay: 0.47, bx: x + rng.uniform(-0.2, 0.2), by: 1.4, halfWidth: 0.005)
            return [walker(on: path, start: start, speed: rng.uniform(0.008, 0.011), setup: setup, rng: &rng, anomalous: true, forward: true)]
        case .thrower:
            var a = walker(on: lane, start: start - 30, speed: rng.uniform(0.005, 0.008), setup: setup, rng: &rng, kind: .thrower)
            a = entering(a)
            a.eventTime = start; a.eventEnd = start + 25; a.endTime = end
            a.pauseStart = start - 6
            return [a]
        case .bagDropper:
            var a = walker(on: lane, start: start - 40, speed: rng.uniform(0.005, 0.008), setup: setup, rng: &rng, kind: .bagDropper)
            a.eventTime = start; a.eventEnd = end
            return [a]
        case .faller:
            var a = walker(on: lane, start: start - 40, speed: rng.uniform(0.005, 0.008), setup: setup, rng: &rng, kind: .faller)
            a.eventTime = start; a.eventEnd = start + rng.uniform(30, 60)
            a.pauseStart = a.eventTime; a.pauseEnd = a.eventEnd + 6
            a.endTime += a.pauseEnd - a.pauseStart
            return [a]
        case .fighter:
            let mid = rng.uniform(0.35, 0.65)
            let duration = rng.uniform(25, 50)
            var pair: [SceneActor] = []
            for forward in [true, false] {
                var a = walker(on: lane, start: 0, speed: rng.uniform(0.005, 0.008), setup: setup, rng: &rng, kind: .fighter, forward: forward)
                // Stop just before the meeting point along the lane direction.
                let laneLength = ((lane.bx - lane.ax) * (lane.bx - lane.ax) + (lane.by - lane.ay) * (lane.by - lane.ay)).squareRoot()
                let meet = (forward ? mid - 0.03 : 1 - mid - 0.03) * laneLength
                let speed = (a.velocityX * a.velocityX + a.velocityY * a.velocityY).squareRoot()
                let walk = a.endTime - a.startTime
                a.startTime = start - meet / speed
                a.eventTime = start; a.eventEnd = start + duration
                a.pauseStart = start; a.pauseEnd = start + duration
                a.endTime = a.startTime + walk + duration
                a.jitterSeed = rng.next()
                a.jitterAmplitude = 0.09 * setup.anomalySpeed
                pair.append(a)
            }
            return pair
        case .stander:
            return []
        }
    }

    /// Renders frame `t` (0-based) with its labels, exact flow, anomaly mask and frame label.
    public func frame(_ t: Int) -> SyntheticFrame {
        precondition(t >= 0 && t < frameCount, "SyntheticVideo.frame: index \(t) out of 0..<\(frameCount)")
        let time = Double(t)
        var blobs: [Blob] = []
        // Draw far (small y) actors first so nearer ones cover them.
        let visible = actors.filter { $0.isVisible(at: time) || ($0.kind == .bagDropper && time >= $0.eventTime && time <= $0.eventEnd) }
            .sorted { $0.position(time).1 < $1.position(time).1 }
        for actor in visible { blobs += actor.blobs(at: time) }
        var rendered = SceneRenderer.render(background: backgroundRGB, width: frameSize, height: frameSize, blobs: blobs)
        var noise = SeededGenerator(seed: noiseSeed, stream: [UInt64(t)])
        let light = gain * (1 + driftAmplitude * sin(2 * .pi * time / driftPeriod + driftPhase) + setup.flicker * noise.normal())
        let count = frameSize * frameSize
        var pixels = [UInt8](repeating: 0, count: count * family.channels)
        for i in 0..<count {
            var r = Double(rendered.rgb[3 * i]) * light * (1 + castR)
            var g = Double(rendered.rgb[3 * i + 1]) * light
            var b = Double(rendered.rgb[3 * i + 2]) * light * (1 + castB)
            if family.channels == 1 {
                let v = 0.299 * r + 0.587 * g + 0.114 * b + noiseSigma * noise.normal()
                pixels[i] = UInt8(max(0, min(255, (v * 255).rounded())))
            } else {
                r += noiseSigma * noise.normal(); g += noiseSigma * noise.normal(); b += noiseSigma * noise.normal()
                pixels[3 * i] = UInt8(max(0, min(255, (r * 255).rounded())))
                pixels[3 * i + 1] = UInt8(max(0, min(255, (g * 255).rounded())))
                pixels[3 * i + 2] = UInt8(max(0, min(255, (b * 255).rounded())))
            }
        }
        let anomalous = blobs.contains { $0.anomalous && $0.now.centerX > 0 && $0.now.centerX < 1 && $0.now.centerY > 0 && $0.now.centerY < 1 }
        rendered.rgb = []
        return SyntheticFrame(image: RasterImage(width: frameSize, height: frameSize, channels: family.channels, pixels: pixels),
                              labels: rendered.labels, flow: FlowField(width: frameSize, height: frameSize, uv: rendered.flow),
                              anomalyMask: rendered.anomalyMask, isAnomalous: anomalous)
    }
}
