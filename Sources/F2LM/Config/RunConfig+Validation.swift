import VideoData

/// A problem found in a decoded `RunConfig`: the dotted key and what was expected.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    /// Dotted key of the offending value (`destroyer.lambda`).
    public var key: String
    /// What is wrong and what was expected.
    public var message: String

    /// Creates an issue.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// `key: message`.
    public var description: String { "\(key): \(message)" }
}

extension RunConfig {
    /// Checks ranges and consistency that types cannot express; an empty list means the run can start.
    ///
    /// Rules: resolution a positive multiple of 8 (three 2× poolings); history ≥ 2 (the clip sampler's
    /// `ClipConfiguration.minimumHistory`); `data.seed` ≥ 0; `data.root` set exactly for real datasets; synthetic
    /// sizes as the renderer takes them (`SyntheticScale.issues`: counts ≥ 1, min_frames ≥ 8, frame_size
    /// 16…1024) with history < min_frames ≤ max_frames; width ≥ 1; encoders
    /// include `frame`, no repeats; FTC needs a label or motion encoder; FFP uses only the frame encoder and no
    /// FTC; α ≥ 0; SE reduction in 1…8·width; λ > 0; patch size positive and, scaled to the working resolution
    /// (`patch_size × resolution / 256`), a whole number dividing the resolution; rate ranges within [0, 1]
    /// with lo ≤ hi (dropout hi < 1); SSIM window odd and ≥ 1, σ > 0; loss weights ≥ 0; steps ≥ 1 (Destroyer
    /// steps only when enabled), batch ≥ 1, learning rates > 0, weight decay ≥ 0; γ finite, ≥ 0, not all zero;
    /// score smoothing σ ≥ 0; `score.split: validation` only for a synthetic family.
    public func validate() -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        func check(_ condition: Bool, _ key: String, _ message: String) {
            if !condition { issues.append(ConfigIssue(key: key, message: message)) }
        }
        check(data.resolution > 0 && data.resolution % 8 == 0, "data.resolution",
              "expected a positive multiple of 8, found \(data.resolution)")
        check(data.history >= ClipConfiguration.minimumHistory, "data.history",
              "expected at least \(ClipConfiguration.minimumHistory) (motion needs two input frames), found \(data.history)")
        check(data.seed >= 0, "data.seed", "expected a seed ≥ 0, found \(data.seed)")
        if data.name.isReal {
            check(data.root != nil && !(data.root ?? "").isEmpty, "data.root",
                  "dataset '\(data.name.rawValue)' is read from disk: expected data.root (its folder)")
        } else {
            check(data.root == nil, "data.root",
                  "dataset '\(data.name.rawValue)' is synthetic: data.root is not allowed")
        }
        let s = data.synthetic
        for issue in s.issues { check(false, "data.synthetic.\(issue.field)", issue.message) }
        if let family = SyntheticFamily(rawValue: data.name.rawValue) {
            for issue in s.tuning.issues(family: family) { check(false, "data.synthetic.\(issue.field)", issue.message) }
        }
        check(s.minFrames > data.history, "data.synthetic.min_frames",
              "expected more than data.history (\(data.history)) frames, found \(s.minFrames)")

        check(model.width >= 1, "model.width", "expected at least 1, found \(model.width)")
        check(model.encoders.contains(.frame), "model.encoders", "expected a list containing 'frame'")
        check(Set(model.encoders).count == model.encoders.count, "model.encoders", "expected each encoder once")
        if model.architecture == .ffp {
            check(model.encoders == [.frame] && !model.ftc, "model.architecture",
                  "the ffp baseline uses only the frame encoder: expected model.encoders [frame] and model.ftc false")
        } else if model.ftc {
            check(model.encoders.count > 1, "model.ftc",
                  "FTC converts frame features to label/motion features: expected a label or motion encoder")
        }
        check(model.alpha >= 0, "model.alpha", "expected α ≥ 0, found \(ParameterValue.number(model.alpha))")
        check(model.seReduction >= 1 && model.seReduction <= 8 * max(model.width, 1), "model.se_reduction",
              "expected 1…\(8 * max(model.width, 1)) (bottleneck channels 8 × width), found \(model.seReduction)")

        check(destroyer.lambda > 0, "destroyer.lambda",
              "expected λ > 0, found \(ParameterValue.number(destroyer.lambda))")
        let reference = DestroyerConfig.referenceResolution
        if destroyer.patchSize <= 0 {
            check(false, "destroyer.patch_size", "expected a positive size, found \(destroyer.patchSize)")
        } else {
            let scaled = destroyer.patchSize * data.resolution
            let effective = scaled / reference
            check(scaled % reference == 0 && effective >= 1 && data.resolution % effective == 0, "destroyer.patch_size",
                  "patch size \(destroyer.patchSize) (at \(reference)×\(reference)) scales to "
                      + "\(ParameterValue.number(Double(scaled) / Double(reference))) at resolution "
                      + "\(data.resolution), which does not divide it: expected a size whose scaled value is a "
                      + "whole number dividing the resolution")
        }
        for (key, range, upper) in [("destroyer.noise_rate", destroyer.noiseRate, 1.0),
                                    ("destroyer.dropout_rate", destroyer.dropoutRate, 0.999)] {
            check(range.lo >= 0 && range.lo <= range.hi && range.hi <= upper, key,
                  "expected 0 ≤ lo ≤ hi ≤ \(upper == 1 ? "1" : "< 1"), found [\(ParameterValue.number(range.lo)), "
                      + "\(ParameterValue.number(range.hi))]")
        }
        check(destroyer.ssimWindow >= 1 && destroyer.ssimWindow % 2 == 1, "destroyer.ssim_window",
              "expected an odd size ≥ 1, found \(destroyer.ssimWindow)")
        check(destroyer.ssimSigma > 0, "destroyer.ssim_sigma", "expected σ > 0")

        for (key, value) in [("loss.delta_int", loss.deltaInt), ("loss.delta_gd", loss.deltaGd),
                             ("loss.delta_adv", loss.deltaAdv), ("loss.delta_tri", loss.deltaTri)] {
            check(value >= 0, key, "expected a weight ≥ 0, found \(ParameterValue.number(value))")
        }
        check(train.generatorSteps >= 1, "train.generator_steps", "expected at least 1, found \(train.generatorSteps)")
        check(!destroyer.enabled || train.destroyerSteps >= 1, "train.destroyer_steps",
              "expected at least 1 when the Destroyer is enabled, found \(train.destroyerSteps)")
        check(train.batch >= 1, "train.batch", "expected at least 1, found \(train.batch)")
        for (key, value) in [("train.lr_generator", train.lrGenerator), ("train.lr_discriminator", train.lrDiscriminator),
                             ("train.lr_destroyer", train.lrDestroyer)] {
            check(value > 0, key, "expected a learning rate > 0, found \(ParameterValue.number(value))")
        }
        check(train.weightDecay >= 0, "train.weight_decay", "expected ≥ 0")
        check(train.checkpointEvery >= 1, "train.checkpoint_every", "expected at least 1")
        check(score.split == .test || !data.name.isReal, "score.split",
              "dataset '\(data.name.rawValue)' has no validation videos (only the synthetic families render them): "
                  + "expected test")
        check(score.smoothing >= 0 && score.smoothing.isFinite, "score.smoothing",
              "expected σ ≥ 0 (0 = off), found \(ParameterValue.number(score.smoothing))")
        if case .fixed(let weights) = score.gamma {
            check(weights.values.allSatisfy { $0 >= 0 } && weights.values.contains { $0 > 0 }, "score.gamma",
                  "expected four weights ≥ 0, not all zero")
        }
        return issues
    }
}
