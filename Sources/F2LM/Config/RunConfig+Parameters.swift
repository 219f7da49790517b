import VideoData

extension RunConfig {
    /// Every parameter of the configuration as `key = value`, tagged with the stage that reads it, sorted by key.
    ///
    /// Stage assignment: `data.*` → dataset; `model.*`, `loss.*`, `seed` and the phase-1 keys of `train.*`
    /// (`generator_steps`, `batch`, `lr_generator`, `lr_discriminator`, `weight_decay`, `checkpoint_every`)
    /// → generator (`checkpoint_every` and `data.root` are not part of identity or any cache key); `destroyer.*`, `train.destroyer_steps`, `train.lr_destroyer` → destroyer; `score.split` →
    /// scores (which videos the trained networks are applied to); the other `score.*` → evaluation.
    public var parameters: [ConfigParameter] {
        func p(_ key: String, _ stage: PipelineStage, _ value: ParameterValue, identity: Bool = true) -> ConfigParameter {
            ConfigParameter(key: key, stage: stage, value: value, isIdentity: identity)
        }
        let list: [ConfigParameter] = [
            p("data.name", .dataset, .string(data.name.rawValue)),
            p("data.root", .dataset, data.root.map { .string($0) } ?? .null, identity: false),
            p("data.resolution", .dataset, .int(data.resolution)),
            p("data.color", .dataset, .bool(data.color)),
            p("data.history", .dataset, .int(data.history)),
            p("data.seed", .dataset, .int(data.seed)),
            p("data.synthetic.train_videos", .dataset, .int(data.synthetic.trainVideos)),
            p("data.synthetic.test_videos", .dataset, .int(data.synthetic.testVideos)),
            p("data.synthetic.min_frames", .dataset, .int(data.synthetic.minFrames)),
            p("data.synthetic.max_frames", .dataset, .int(data.synthetic.maxFrames)),
            p("data.synthetic.frame_size", .dataset, .int(data.synthetic.frameSize)),
            // Keys added after results were committed (issue 30) count for identity only away from their default
            // value, so that a configuration at their default keeps its run hash and stage keys.
            p("data.labels", .dataset, .string(data.labels.rawValue), identity: data.labels != .onehot),
            p("data.synthetic.actor_scale", .dataset, .number(data.synthetic.tuning.actorScale),
              identity: data.synthetic.tuning.actorScale != FamilyTuning().actorScale),
            p("data.synthetic.anomaly_speed", .dataset, .number(data.synthetic.tuning.anomalySpeed),
              identity: data.synthetic.tuning.anomalySpeed != FamilyTuning().anomalySpeed),
            p("data.synthetic.crowd_density", .dataset, .number(data.synthetic.tuning.crowdDensity),
              identity: data.synthetic.tuning.crowdDensity != FamilyTuning().crowdDensity),
            p("data.synthetic.anomaly_kinds", .dataset, .list(data.synthetic.tuning.anomalyKinds.map { .string($0) }),
              identity: data.synthetic.tuning.anomalyKinds != FamilyTuning().anomalyKinds),
            p("model.architecture", .generator, .string(model.architecture.rawValue)),
            p("model.width", .generator, .int(model.width)),
            p("model.encoders", .generator, .list(model.encoders.map { .string($0.rawValue) })),
            p("model.ftc", .generator, .bool(model.ftc)),
            p("model.fusion", .generator, .string(model.fusion.rawValue)),
            p("model.alpha", .generator, .number(model.alpha)),
            p("model.se_reduction", .generator, .int(model.seReduction)),
            p("model.triplet_distance", .generator, .string(model.tripletDistance.rawValue)),
            p("model.fusion_input", .generator, .string(model.fusionInput.rawValue)),
            p("model.initialization", .generator, .string(model.initialization.rawValue)),
            p("loss.delta_int", .generator, .number(loss.deltaInt)),
            p("loss.delta_gd", .generator, .number(loss.deltaGd)),
            p("loss.delta_adv", .generator, .number(loss.deltaAdv)),
            p("loss.delta_tri", .generator, .number(loss.deltaTri)),
            p("loss.gradient_edges", .generator, .string(loss.gradientEdges.rawValue)),
            p("train.generator_steps", .generator, .int(train.generatorSteps)),
            p("train.batch", .generator, .int(train.batch)),
            p("train.lr_generator", .generator, .number(train.lrGenerator)),
            p("train.lr_discriminator", .generator, .number(train.lrDiscriminator)),
            p("train.weight_decay", .generator, .number(train.weightDecay)),
            // Not identity: resumption is bit-exact, so how often a node checkpoints does not change what it computes
            // (ModelStagesTests.testCheckpointCadenceDoesNotChangeTheResult).
            p("train.checkpoint_every", .generator, .int(train.checkpointEvery), identity: false),
            p("seed", .generator, .int(seed)),
            p("destroyer.enabled", .destroyer, .bool(destroyer.enabled)),
            p("destroyer.noise", .destroyer, .string(destroyer.noise.rawValue)),
            p("destroyer.noise_rate", .destroyer, .list([.number(destroyer.noiseRate.lo), .number(destroyer.noiseRate.hi)])),
            p("destroyer.dropout_rate", .destroyer,
              .list([.number(destroyer.dropoutRate.lo), .number(destroyer.dropoutRate.hi)])),
            p("destroyer.patch_size", .destroyer, .int(destroyer.patchSize)),
            p("destroyer.lambda", .destroyer, .number(destroyer.lambda)),
            p("destroyer.zp", .destroyer, .string(destroyer.zp.rawValue)),
            p("destroyer.ssim_window", .destroyer, .int(destroyer.ssimWindow)),
            p("destroyer.ssim_sigma", .destroyer, .number(destroyer.ssimSigma)),
            p("destroyer.ssim_range", .destroyer, .string(destroyer.ssimRange.rawValue)),
            p("destroyer.loss_reduction", .destroyer, .string(destroyer.lossReduction.rawValue)),
            p("train.destroyer_steps", .destroyer, .int(train.destroyerSteps)),
            p("train.lr_destroyer", .destroyer, .number(train.lrDestroyer)),
            p("score.gamma", .evaluation, ConfigGamma(score.gamma).parameterValue),
            p("score.normalize", .evaluation, .string(ConfigNormalization(score.normalize).rawValue)),
            p("score.smoothing", .evaluation, .number(score.smoothing)),
            p("score.weight_scale", .evaluation, .string(score.weightScale.rawValue)),
            p("score.component_order", .evaluation, .string(score.componentOrder.rawValue)),
            p("score.split", .scores, .string(score.split.rawValue)),
        ]
        return list.sorted { $0.key < $1.key }
    }

    /// The parameters a stage's cache key covers: those tagged with `stage` and part of identity. When the
    /// Destroyer is disabled its stage reads only `destroyer.enabled = false` (the other keys are not used).
    ///
    /// A generator that is the plain FFP U-Net (`ModelConfig.isFramePredictionBaseline`: `ffp`, or `f2lm` with the
    /// frame encoder alone) reads its architecture keys in that one form (`model.architecture = ffp`,
    /// `model.encoders = [frame]`, `model.ftc = false`), since all those spellings train the same network: the
    /// encoder table's "E_f only" row and destroyer_generality's "Frame-Prediction" row share one generator per
    /// dataset and seed (measured before sharing: their two checkpoints held byte-identical weights).
    public func parameters(readBy stage: PipelineStage) -> [ConfigParameter] {
        parameters(readBy: stage, from: parameters)
    }

    /// `parameters(readBy:)` over this configuration's `parameters`, computed once by a caller that reads several
    /// stages (the stage keys read all five: building and sorting the list once per stage was most of the time of
    /// expanding a large grid).
    public func parameters(readBy stage: PipelineStage, from all: [ConfigParameter]) -> [ConfigParameter] {
        var own = all.filter { $0.stage == stage && $0.isIdentity }
        if stage == .destroyer && !destroyer.enabled {
            return own.filter { $0.key == "destroyer.enabled" }
        }
        if stage == .generator && model.isFramePredictionBaseline {
            let canonical: [String: ParameterValue] = [
                "model.architecture": .string(GeneratorArchitecture.ffp.rawValue),
                "model.encoders": .list([.string(EncoderKind.frame.rawValue)]), "model.ftc": .bool(false),
            ]
            own = own.map { parameter in
                var written = parameter
                if let value = canonical[parameter.key] { written.value = value }
                return written
            }
        }
        return own
    }
}
