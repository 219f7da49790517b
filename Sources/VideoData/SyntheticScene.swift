import Foundation

/// A lane along which normal actors walk: from (ax, ay) to (bx, by), actors spread `halfWidth` across it.
struct WalkLane: Sendable {
    var ax: Double, ay: Double, bx: Double, by: Double, halfWidth: Double
}

/// The fixed set-up of one camera: background, perspective, lanes, crowd density and anomaly kinds.
struct SceneSetup: Sendable {
    var family: SyntheticFamily
    var scene: Int
    var perspective: Perspective
    var baseHeight: Double
    var lanes: [WalkLane]
    /// Mean new walkers per frame (over all lanes).
    var arrivalRate: Double
    var walkSpeed: ClosedRange<Double>
    var standers: ClosedRange<Int>
    var standZone: (ClosedRange<Double>, ClosedRange<Double>)
    var bagProbability: Double
    var anomalyKinds: [ActorKind]
    let noise: ValueNoise
    /// Per-video crowd density multiplier range and the relative swing of the arrival rate within a video.
    var densityRange: ClosedRange<Double> = 0.9...1.1
    var densitySwing: Double = 0.2
    /// Multiplier on the speeds of fast anomalies (cyclists, skaters, vehicles, runners) and on fight jitter.
    var anomalySpeed: Double = 1
    /// Standard deviation of the per-frame global gain flicker (relative).
    var flicker: Double = 0

    /// The background colour at normalised (x, y), RGB in [0, 1].
    func background(_ x: Double, _ y: Double) -> SIMD3<Float> {
        let n1 = noise.fractal(x, y, frequency: 16), n2 = noise.fractal(x + 3.7, y + 1.3, frequency: 48, octaves: 2)
        switch (family, scene) {
        case (.walkway, _):
            let center = 0.56 + 0.06 * (x - 0.5), half = 0.085 + 0.03 * y
            let d = abs(y - center)
            if y < 0.2 {
                // Fence and hedge at the top.
                let post = (x * 14).truncatingRemainder(dividingBy: 1) < 0.18
                let v = (post ? 0.22 : 0.32) + 0.1 * (n2 - 0.5)
                return SIMD3(Float(v), Float(v * 1.05), Float(v * 0.9))
            }
            if d < half {
                let kerb = half - d < 0.012
                let v = (kerb ? 0.5 : 0.7) + 0.08 * (n2 - 0.5) + 0.04 * (n1 - 0.5)
                return SIMD3(Float(v), Float(v), Float(v * 0.97))
            }
            let bush = ((x - 0.18) * (x - 0.18) / 0.006 + (y - 0.3) * (y - 0.3) / 0.002) < 1 ||
                ((x - 0.78) * (x - 0.78) / 0.008 + (y - 0.88) * (y - 0.88) / 0.003) < 1
            let v = (bush ? 0.2 : 0.4) + 0.16 * (n1 - 0.5) + 0.08 * (n2 - 0.5)
            return SIMD3(Float(v * 0.8), Float(v * 1.1), Float(v * 0.7))
        case (.plaza, _):
            if y < 0.46 {
                let wx = (x * 8).truncatingRemainder(dividingBy: 1), row1 = y > 0.08 && y < 0.18, row2 = y > 0.26 && y < 0.36
                let window = (wx > 0.25 && wx < 0.75) && (row1 || row2)
                let door = x > 0.44 && x < 0.56 && y > 0.28
                if door { return SIMD3(0.25, 0.18, 0.12) + Float(0.05 * (n2 - 0.5)) }
                if window { return SIMD3(0.25, 0.32, 0.42) + Float(0.08 * (n1 - 0.5)) }
                let v = Float(0.1 * (n1 - 0.5) + 0.05 * (n2 - 0.5))
                return SIMD3(0.72 + v, 0.62 + v, 0.48 + v)
            }
            let line = (x * 10).truncatingRemainder(dividingBy: 1) < 0.05 || ((y - 0.46) * 12).truncatingRemainder(dividingBy: 1) < 0.06
            let v = Float((line ? 0.45 : 0.58) + 0.08 * (n2 - 0.5) + 0.05 * (n1 - 0.5))
            return SIMD3(v, v, v * 1.02)
        case (.campus, let s):
            let palettes: [(SIMD3<Float>, SIMD3<Float>)] = [
                (SIMD3(0.55, 0.5, 0.45), SIMD3(0.35, 0.3, 0.28)),
                (SIMD3(0.35, 0.5, 0.3), SIMD3(0.6, 0.58, 0.52)),
                (SIMD3(0.6, 0.35, 0.3), SIMD3(0.45, 0.42, 0.4)),
                (SIMD3(0.28, 0.28, 0.3), SIMD3(0.5, 0.5, 0.45)),
            ]
            let (ground, feature) = palettes[s % 4]
            let v = Float(0.14 * (n1 - 0.5) + 0.08 * (n2 - 0.5))
            var isFeature = false
            switch s % 4 {
            case 0: isFeature = y < 0.3 + 0.1 * x
            case 1: isFeature = abs(x - 0.45 - 0.25 * (y - 0.5)) < 0.08 + 0.05 * y
            case 2: isFeature = (x * 6).truncatingRemainder(dividingBy: 1) < 0.08 || y < 0.25
            default: isFeature = abs(y - 0.7) < 0.02 || y < 0.35
            }
            return (isFeature ? feature : ground) + v
        }
    }

    /// The set-up of `family`'s scene `scene`, with the texture seeded per dataset seed.
    ///
    /// Calibration (issue 30; `FamilyTuning` levers, experiments/studies/calibration.yaml, docs/labels.md). These
    /// set-ups are the committed families and stay as they are; the calibrated families are these set-ups with
    /// levers. Measured on the 24 validation videos (data.seed 2024, validation stream, never test videos) at the
    /// default scale; frame difference "scored like the runs" (`f2lm data baseline`), E_f only per seed 0/1/2:
    /// - walkway (Ped2, FFP 95.4): as committed, frame difference 88.1, E_f only 90.2 (3 seeds); anomaly mix
    ///   [cyclist, skater, vehicle] (no walker across the grass): frame difference 93.1, E_f only 96.2 / 96.3 / 95.9
    ///   (adopted); with anomaly_speed 1.3 frame difference 95.7 (not trained).
    /// - plaza (Avenue, FFP 85.1): as committed, frame difference 55.7, E_f only 61.1. Frame difference only:
    ///   mix [running, throwing, wrong_direction] 58.8; + actors 1.3 59.6; + speed 1.5 59.3; + crowd 0.5 68.2;
    ///   + crowd 0.5, speed 1.5 68.5; + crowd 0.5, speed 1.5, actors 1.3 70.7; + crowd 0.5, speed 2, actors 1.3 70.3;
    ///   [running ×2, throwing, wrong_direction], crowd 0.5, speed 1.5, actors 1.3 73.5. Trained: mix [running,
    ///   throwing, wrong_direction], crowd 0.25, speed 1.5, actors 1.3: frame difference 78.6, E_f only 75.7 / 75.4
    ///   / 78.1 (short of 81.1); [running ×2, throwing, wrong_direction], crowd 0.25, speed 2, actors 1.3: frame
    ///   difference 81.4 (speed 1.5: 82.3), E_f only 79.6 / 79.2 / 82.2 (80.3, short of 81.1); [running ×3,
    ///   throwing, wrong_direction], crowd 0.25, speed 2.5, actors 1.3: frame difference 85.3, E_f only 82.5 / 82.3
    ///   / 85.6 (83.5 ± 1.8, within 4 points of 85.1): adopted.
    /// - campus (ShanghaiTech, FFP 72.8): as committed, frame difference 71.8, E_f only 69.8 / 74.5 / 66.0 (70.1,
    ///   within 4 points): adopted unchanged.
    static func make(family: SyntheticFamily, scene: Int, seed: UInt64) -> SceneSetup {
        let noise = ValueNoise(seed: SeededGenerator.mix(seed ^ UInt64(scene + 1) &* 0x51ED_270B))
        switch family {
        case .walkway:
            return SceneSetup(family: family, scene: 0, perspective: Perspective(far: 0.55, near: 1.35), baseHeight: 0.2,
                              lanes: [WalkLane(ax: -0.08, ay: 0.533, bx: 1.08, by: 0.6, halfWidth: 0.06)],
                              arrivalRate: 0.02, walkSpeed: 0.005...0.009, standers: 0...0, standZone: (0...1, 0...1),
                              bagProbability: 0, anomalyKinds: [.cyclist, .skater, .vehicle, .walker], noise: noise,
                              densityRange: 0.9...1.1, densitySwing: 0.15, anomalySpeed: 1.15)
        case .plaza:
            return SceneSetup(family: family, scene: 0, perspective: Perspective(far: 0.45, near: 1.25), baseHeight: 0.26,
                              lanes: [WalkLane(ax: -0.08, ay: 0.76, bx: 1.08, by: 0.76, halfWidth: 0.17)],
                              arrivalRate: 0.04, walkSpeed: 0.005...0.009, standers: 1...2, standZone: (0.1...0.9, 0.5...0.62),
                              bagProbability: 0.3, anomalyKinds: [.runner, .runner, .walker, .thrower, .bagDropper], noise: noise,
                              densityRange: 0.8...1.2, densitySwing: 0.3, anomalySpeed: 1.35, flicker: 0.001)
        case .campus:
            let setups: [(Perspective, Double, [WalkLane])] = [
                (Perspective(far: 0.5, near: 1.3), 0.17, [WalkLane(ax: -0.08, ay: 0.5, bx: 1.08, by: 0.85, halfWidth: 0.1)]),
                (Perspective(far: 0.4, near: 1.3), 0.18, [WalkLane(ax: 0.35, ay: 0.32, bx: 0.65, by: 1.15, halfWidth: 0.06),
                                                          WalkLane(ax: -0.08, ay: 0.75, bx: 1.08, by: 0.75, halfWidth: 0.08)]),
                (Perspective(far: 0.75, near: 1.1), 0.24, [WalkLane(ax: -0.08, ay: 0.7, bx: 1.08, by: 0.7, halfWidth: 0.15)]),
                (Perspective(far: 0.7, near: 1.2), 0.13, [WalkLane(ax: -0.08, ay: 0.55, bx: 1.08, by: 0.55, halfWidth: 0.05),
                                                          WalkLane(ax: -0.08, ay: 0.86, bx: 1.08, by: 0.86, halfWidth: 0.06)]),
            ]
            let (p, h, lanes) = setups[scene % 4]
            return SceneSetup(family: family, scene: scene, perspective: p, baseHeight: h, lanes: lanes,
                              arrivalRate: 0.06, walkSpeed: 0.004...0.009, standers: 0...2, standZone: (0.1...0.9, 0.6...0.9),
                              bagProbability: 0.1, anomalyKinds: [.runner, .fighter, .vehicle, .cyclist, .faller], noise: noise,
                              densityRange: 0.5...1.6, densitySwing: 0.6, anomalySpeed: 0.6, flicker: 0.006)
        }
    }
}
