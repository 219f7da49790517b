import Foundation

/// What an actor in a synthetic scene is doing; decides its parts and motion.
enum ActorKind: Sendable {
    case walker, stander, runner, cyclist, skater, vehicle, thrower, bagDropper, faller, fighter
}

/// The ground-plane perspective of a scene: an actor whose feet are at height `y` is drawn with scale
/// `near * y + far * (1 - y)` times its base size.
struct Perspective: Sendable {
    var far: Double
    var near: Double
    func scale(_ y: Double) -> Double { far + (near - far) * y }
}

/// Class ids shared by all synthetic families (a family uses a subset; see `SyntheticFamily.classNames`).
enum SyntheticClass {
    static let background: UInt8 = 0
    static let person: UInt8 = 1
    static let bicycle: UInt8 = 2
    static let vehicle: UInt8 = 3
    static let bag: UInt8 = 4
    static let skateboard: UInt8 = 5
}

/// One moving (or standing) thing in a synthetic scene. Its parts are a closed-form function of time, so the
/// renderer can evaluate them at t and t + 1 and obtain the exact flow.
struct SceneActor: Sendable {
    var kind: ActorKind
    /// Feet position at `startTime` (normalised) and velocity per frame.
    var startX: Double, startY: Double, velocityX: Double, velocityY: Double
    var startTime: Double, endTime: Double
    /// Base height of a person (normalised, before perspective).
    var baseHeight: Double
    var perspective: Perspective
    var shirt: SIMD3<Float>, trousers: SIMD3<Float>, skin: SIMD3<Float>, accent: SIMD3<Float>
    /// Gait phase and stride frequency (cycles per frame).
    var phase: Double, strideFrequency: Double
    /// Time of the special event (throw, drop, fall, fight start); anomalous from then on for event kinds.
    var eventTime: Double = .infinity
    var eventEnd: Double = .infinity
    /// Whether the whole actor is anomalous (cyclist, skater, vehicle, runner, wrong direction, grass).
    var anomalous: Bool
    var carriesBag: Bool = false
    var jitterSeed: UInt64 = 0
    /// Amplitude of the fight jitter, in person heights.
    var jitterAmplitude: Double = 0.12

    func isVisible(at t: Double) -> Bool { t >= startTime && t <= endTime }

    /// While `pauseStart <= t <= pauseEnd` the actor stands still (throwing, lying after a fall, fighting);
    /// afterwards it walks on from where it stopped.
    var pauseStart: Double = .infinity
    var pauseEnd: Double = .infinity

    func isPaused(_ t: Double) -> Bool { t >= pauseStart && t <= pauseEnd }

    /// Feet position at time t.
    func position(_ t: Double) -> (Double, Double) {
        if kind == .stander { return (startX, startY) }
        var active = t - startTime
        if t > pauseStart { active -= Swift.min(t, pauseEnd) - pauseStart }
        return (startX + velocityX * active, startY + velocityY * active)
    }

    /// The parts at time t (geometry only; same count and order at every t).
    func parts(at t: Double) -> [(BlobShape, BlobGeometry, SIMD3<Float>, UInt8, Bool)] {
        var (x, y) = position(t)
        let h = baseHeight * perspective.scale(y)
        let direction: Double = velocityX < 0 ? -1 : 1
        var out: [(BlobShape, BlobGeometry, SIMD3<Float>, UInt8, Bool)] = []
        let eventActive = t >= eventTime && t <= eventEnd
        let flagged = anomalous || (eventActive && (kind == .fighter || kind == .thrower)) || (kind == .faller && t >= eventTime && t <= eventEnd + 6)
        func add(_ s: BlobShape, _ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, _ c: SIMD3<Float>,
                 _ cls: UInt8 = SyntheticClass.person, _ anomalousPart: Bool? = nil) {
            out.append((s, BlobGeometry(centerX: cx, centerY: cy, radiusX: rx, radiusY: ry), c, cls, anomalousPart ?? flagged))
        }
        // Fighters: erratic jitter around the meeting point while the fight lasts.
        if kind == .fighter && eventActive {
            var g = SeededGenerator(seed: jitterSeed)
            var jx = 0.0, jy = 0.0
            for _ in 0..<3 {
                let f = g.uniform(0.15, 0.45), p = g.uniform(0, 2 * .pi)
                jx += jitterAmplitude * h * sin(2 * .pi * f * t + p)
                jy += 0.04 * h * sin(2 * .pi * g.uniform(0.1, 0.3) * t + p)
            }
            x += jx; y += jy
        }
        let moving = kind != .stander && !isPaused(t)
        let gait = moving ? sin(2 * .pi * (strideFrequency * t + phase)) : 0
        // Falling: blend from upright (0) to lying (1) over 6 frames.
        // Falling: blend from upright (0) to lying (1) over 6 frames, and back up after the event.
        let fall = kind == .faller ? min(1, max(0, (t - eventTime) / 6)) - min(1, max(0, (t - eventEnd) / 6)) : 0
        func blend(_ a: Double, _ b: Double) -> Double { a + (b - a) * fall }

        switch kind {
        case .vehicle:
            let vh = h * 1.1
            add(.rectangle, x, y - 0.28 * vh, 0.55 * vh, 0.17 * vh, shirt, SyntheticClass.vehicle)
            add(.rectangle, x - 0.05 * vh * direction, y - 0.55 * vh, 0.28 * vh, 0.13 * vh, accent, SyntheticClass.vehicle)
            add(.ellipse, x - 0.33 * vh, y - 0.1 * vh, 0.1 * vh, 0.1 * vh, SIMD3(0.08, 0.08, 0.08), SyntheticClass.vehicle)
            add(.ellipse, x + 0.33 * vh, y - 0.1 * vh, 0.1 * vh, 0.1 * vh, SIMD3(0.08, 0.08, 0.08), SyntheticClass.vehicle)
            return out
        case .cyclist:
            let wheel = 0.17 * h
            add(.ellipse, x - 0.3 * h, y - wheel, wheel, wheel, SIMD3(0.1, 0.1, 0.1), SyntheticClass.bicycle)
            add(.ellipse, x + 0.3 * h, y - wheel, wheel, wheel, SIMD3(0.1, 0.1, 0.1), SyntheticClass.bicycle)
            add(.rectangle, x, y - 1.6 * wheel, 0.3 * h, 0.025 * h, accent, SyntheticClass.bicycle)
            let pedal = 0.06 * h * sin(2 * .pi * (strideFrequency * t + phase))
            add(.ellipse, x - 0.05 * h + pedal, y - 0.36 * h, 0.05 * h, 0.14 * h, trousers)
            add(.ellipse, x - 0.05 * h - pedal, y - 0.36 * h, 0.05 * h, 0.14 * h, trousers)
            add(.ellipse, x + 0.04 * h * direction, y - 0.72 * h, 0.12 * h, 0.2 * h, shirt)
            add(.ellipse, x + 0.1 * h * direction, y - 1.0 * h, 0.09 * h, 0.09 * h, skin)
            return out
        default:
            break
        }
        let lift = kind == .skater ? 0.06 * h : 0
        let fy = y - lift
        let swing = (kind == .runner ? 0.2 : 0.12) * h * gait
        // Legs (upright → lying: legs point away from the head).
        add(.ellipse, blend(x + swing, x - 0.55 * h * direction), blend(fy - 0.2 * h, y - 0.06 * h),
            blend(0.05 * h, 0.2 * h), blend(0.2 * h, 0.05 * h), trousers)
        add(.ellipse, blend(x - swing, x - 0.5 * h * direction), blend(fy - 0.2 * h, y - 0.1 * h),
            blend(0.05 * h, 0.2 * h), blend(0.2 * h, 0.05 * h), trousers)
        // Torso.
        add(.ellipse, blend(x, x), blend(fy - 0.6 * h, y - 0.12 * h), blend(0.13 * h, 0.24 * h), blend(0.22 * h, 0.11 * h), shirt)
        // Arms: the thrower raises the throwing arm around the event.
        var armY = fy - 0.58 * h, armX = x + 0.15 * h * direction - 0.6 * swing
        if kind == .thrower && t >= eventTime - 4 && t <= eventTime + 3 { armY = fy - 0.95 * h; armX = x + 0.2 * h * direction }
        if kind == .fighter && eventActive { armY = fy - 0.75 * h; armX = x + 0.25 * h * direction }
        add(.ellipse, blend(armX, x + 0.1 * h * direction), blend(armY, y - 0.2 * h), blend(0.04 * h, 0.15 * h), blend(0.17 * h, 0.04 * h), shirt)
        add(.ellipse, blend(x - 0.15 * h * direction + 0.6 * swing, x - 0.1 * h * direction), blend(fy - 0.58 * h, y - 0.05 * h),
            blend(0.04 * h, 0.15 * h), blend(0.17 * h, 0.04 * h), shirt)
        // Head.
        add(.ellipse, blend(x, x + 0.42 * h * direction), blend(fy - 0.9 * h, y - 0.1 * h), 0.09 * h, 0.09 * h, skin)
        if kind == .skater {
            add(.rectangle, x, y - 0.02 * h, 0.24 * h, 0.025 * h, accent, SyntheticClass.skateboard)
        }
        if kind == .thrower {
            // The thrown object: held until the event, then a parabola, then at rest on the ground.
            let (hx, hy) = (x + 0.2 * h * direction, fy - 0.95 * h)
            var ox = x + 0.18 * h * direction, oy = fy - 0.45 * h
            if t >= eventTime {
                let dt = min(t - eventTime, eventEnd - eventTime)
                ox = hx + direction * 0.022 * dt
                oy = min(y, hy - 0.03 * dt + 0.0016 * dt * dt)
            }
            add(.ellipse, ox, oy, 0.06 * h, 0.06 * h, accent, SyntheticClass.bag, t >= eventTime - 4 && t <= eventEnd)
        }
        if carriesBag || kind == .bagDropper {
            var bx = x - 0.2 * h * direction, by = fy - 0.4 * h
            var dropped = false
            if kind == .bagDropper && t >= eventTime {
                let (dx, dy) = position(eventTime)
                let dh = baseHeight * perspective.scale(dy)
                bx = dx - 0.2 * dh * direction; by = dy - 0.08 * dh
                dropped = true
                out.append((.rectangle, BlobGeometry(centerX: bx, centerY: by, radiusX: 0.1 * dh, radiusY: 0.08 * dh), accent, SyntheticClass.bag, true))
            }
            if !dropped { add(.rectangle, bx, by, 0.1 * h, 0.08 * h, accent, SyntheticClass.bag, false) }
        }
        return out
    }

    /// The actor's blobs for frame t with their geometry at t + 1 attached.
    func blobs(at t: Double) -> [Blob] {
        guard isVisible(at: t) || (kind == .bagDropper && t >= eventTime && t <= eventEnd) else { return [] }
        let now = parts(at: t), next = parts(at: t + 1)
        var result: [Blob] = []
        for (index, part) in now.enumerated() {
            if kind == .bagDropper && !isVisible(at: t) && part.3 != SyntheticClass.bag { continue }
            result.append(Blob(shape: part.0, now: part.1, next: next[index].1, color: part.2, classID: part.3, anomalous: part.4))
        }
        return result
    }
}
