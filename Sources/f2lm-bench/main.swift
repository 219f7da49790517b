// f2lm-bench: training-step benchmark of the engine on the configurations of ../shared/bench/torch_peer.py,
// plus whole steps of the real trainers at make ablation's default scale.
// Usage: f2lm-bench [--steps N] [--warmup N] [--threads N] [--backend onednn|im2col] [--configs a,b,…] [--no-sgemm]
//                   [--digest] [--portable-numerics]
// Configurations: unet-small, f2lm-small, unet-medium (2 threads), f2lm-default, unet-default (1 thread: one per
// node as make ablation runs them), generator-step, destroyer-step (GeneratorTrainer / DestroyerTrainer at the
// default scale: 32×32 RGB walkway, width 8, batch 4, 1 thread). --threads overrides every configuration's count.
import F2LM
import Foundation
import NN
import TensorCore
import VideoData

/// Command-line options (all optional).
struct Options {
    var steps = 10, warmup = 3
    /// Whether to print the sgemm 1024³ lines (skipped with --no-sgemm, e.g. under callgrind).
    var sgemm = true
    /// Whether to print a digest of the trained parameters after each configuration (--digest): equal digests mean
    /// bit-identical training, e.g. with and without `--portable-numerics` or under `ONEDNN_MAX_CPU_ISA=AVX2`.
    var digest = false
    /// Overrides each configuration's own thread count when set.
    var threads: Int?
    var backend = "onednn"
    var configs = Options.all
    /// Every configuration with its thread count (the peer's: 2 for the old three, 1 at the default scale).
    static let threadCounts: [String: Int] = [
        "unet-small": 2, "f2lm-small": 2, "unet-medium": 2, "f2lm-default": 1, "unet-default": 1,
        "generator-step": 1, "destroyer-step": 1,
    ]
    static let all = ["unet-small", "f2lm-small", "unet-medium", "f2lm-default", "unet-default", "generator-step",
                      "destroyer-step"]

    init(arguments: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchError("missing value after \(arguments[i - 1])") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--steps": guard let v = Int(try value()), v > 0 else { throw BenchError("--steps needs a positive integer") }; steps = v
            case "--warmup": guard let v = Int(try value()), v >= 0 else { throw BenchError("--warmup needs an integer ≥ 0") }; warmup = v
            case "--threads": guard let v = Int(try value()), v > 0 else { throw BenchError("--threads needs a positive integer") }; threads = v
            case "--backend":
                backend = try value()
                guard ["onednn", "im2col"].contains(backend) else { throw BenchError("--backend must be onednn or im2col") }
            case "--no-sgemm": sgemm = false
            case "--digest": digest = true
            case "--portable-numerics": break // acted upon before parsing (PortableNumerics.isRequested)
            case "--configs": configs = try value().split(separator: ",").map(String.init)
            default: throw BenchError("unknown argument \(arguments[i])")
            }
            i += 1
        }
        for c in configs where Options.threadCounts[c] == nil {
            throw BenchError("unknown configuration \(c); known: \(Options.all.joined(separator: ", "))")
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// The F2LM generator as in torch_peer.py: three encoders, FTC double convs, concat + double conv + SE fusion.
final class BenchF2LM: Module {
    let ef: UNetEncoder, el: UNetEncoder, em: UNetEncoder
    let toLabel: DoubleConv, toMotion: DoubleConv, fuse: DoubleConv
    let se: SEBlock
    let dec: UNetDecoder

    init(frames: Int, labels: Int, flow: Int, width w: Int, output: Int, generator g: inout RandomGenerator) {
        ef = UNetEncoder(inputChannels: frames, width: w, generator: &g)
        el = UNetEncoder(inputChannels: labels, width: w, generator: &g)
        em = UNetEncoder(inputChannels: flow, width: w, generator: &g)
        toLabel = DoubleConv(inputChannels: 8 * w, outputChannels: 8 * w, generator: &g)
        toMotion = DoubleConv(inputChannels: 8 * w, outputChannels: 8 * w, generator: &g)
        fuse = DoubleConv(inputChannels: 24 * w, outputChannels: 8 * w, generator: &g)
        se = SEBlock(channels: 8 * w, reduction: 8, generator: &g)
        dec = UNetDecoder(width: w, outputChannels: output, generator: &g)
    }

    func callAsFunction(frames: Tensor, labels: Tensor, flow: Tensor) -> (Tensor, Tensor) {
        let x = ef(frames)
        let zl = el(labels)[3].l2NormalizedOverChannels(), zm = em(flow)[3].l2NormalizedOverChannels()
        let zf = x[3].l2NormalizedOverChannels()
        let zl2 = toLabel(x[3]).l2NormalizedOverChannels(), zm2 = toMotion(x[3]).l2NormalizedOverChannels()
        let out = dec(se(fuse(Tensor.concatenate(channels: [zf, zm2, zl2]))), skips: [x[2], x[1], x[0]])
        let tri = Losses.triplet(anchor: zl2, positive: zl, negative: zf, margin: 0.2)
            + Losses.triplet(anchor: zm2, positive: zm, negative: zf, margin: 0.2)
        return (out, tri)
    }
}

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }

/// CPU time of the whole process in milliseconds (all threads): on a machine shared with other jobs it measures
/// the work of a one-thread configuration without the time spent waiting for a core.
func processCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

/// The shapes of a torch_peer.py configuration.
struct PeerShape {
    var size: Int, inputChannels: Int, width: Int, outputChannels: Int, batch: Int, labelChannels = 0, flowChannels = 0

    static func named(_ name: String) -> PeerShape {
        switch name {
        case "unet-small": return PeerShape(size: 64, inputChannels: 4, width: 16, outputChannels: 1, batch: 8)
        case "f2lm-small": return PeerShape(size: 64, inputChannels: 4, width: 16, outputChannels: 1, batch: 8, labelChannels: 20, flowChannels: 6)
        case "unet-medium": return PeerShape(size: 128, inputChannels: 12, width: 32, outputChannels: 3, batch: 4)
        case "f2lm-default": return PeerShape(size: 32, inputChannels: 12, width: 8, outputChannels: 3, batch: 4, labelChannels: 24, flowChannels: 6)
        default: return PeerShape(size: 32, inputChannels: 12, width: 8, outputChannels: 3, batch: 4) // unet-default
        }
    }
}

/// A step of GeneratorTrainer or DestroyerTrainer at make ablation's default scale on a small synthetic walkway.
func trainerStep(_ name: String) throws -> (step: (Int) -> Void, model: Module) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("f2lm-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    defer { try? FileManager.default.removeItem(at: folder) }
    try SyntheticDatasetWriter(family: .walkway, scale: SyntheticScale(trainVideos: 2, testVideos: 1, minFrames: 40, maxFrames: 40, frameSize: 64),
                               seed: 2024).write(to: folder.path)
    var config = RunConfig.paperDefaults
    config.data.resolution = 32
    config.model.width = 8
    config.train.batch = 4
    let data = try StageData.dataset(folder)
    let sampler = try StageData.sampler(data: config.data, dataset: data, split: .training)
    let generator = try GeneratorTrainer(config: config, sampler: sampler, source: folder.path)
    if name == "generator-step" { return ({ _ = generator.step($0) }, generator.generator) }
    let destroyer = try DestroyerTrainer(config: config, sampler: sampler, generator: generator.generator, source: folder.path)
    return ({ _ = destroyer.step($0) }, destroyer.destroyer)
}

func run(_ name: String, options: Options) throws {
    EngineThreads.set(options.threads ?? Options.threadCounts[name]!)
    var g = RandomGenerator(seed: 0)
    let shape = PeerShape.named(name)
    let (h, batch) = (shape.size, shape.batch)
    func input(_ c: Int) -> Tensor { Tensor.randomUniform([batch, c, h, h], lowerBound: -1, upperBound: 1, generator: &g) }
    let step: (Int) -> Void
    let model: Module
    switch name {
    case "generator-step", "destroyer-step":
        (step, model) = try trainerStep(name)
    case "f2lm-small", "f2lm-default":
        let net = BenchF2LM(frames: shape.inputChannels, labels: shape.labelChannels, flow: shape.flowChannels,
                            width: shape.width, output: shape.outputChannels, generator: &g)
        let (frames, labels, flow, target) = (input(shape.inputChannels), input(shape.labelChannels),
                                              input(shape.flowChannels), input(shape.outputChannels))
        let opt = AdamW(module: net, learningRate: 2e-4, weightDecay: 1e-4)
        model = net
        step = { _ in
            opt.zeroGrad()
            let (out, tri) = net(frames: frames, labels: labels, flow: flow)
            let loss = Losses.meanSquaredError(out, target) + Losses.gradientDifference(out, target) + tri
            loss.backward()
            opt.step()
        }
    default:
        let (cin, w, cout) = (shape.inputChannels, shape.width, shape.outputChannels)
        let net = UNet(inputChannels: cin, width: w, outputChannels: cout, generator: &g)
        let (x, target) = (input(cin), input(cout))
        let opt = AdamW(module: net, learningRate: 2e-4, weightDecay: 1e-4)
        model = net
        step = { _ in
            opt.zeroGrad()
            Losses.meanSquaredError(net(x), target).backward()
            opt.step()
        }
    }
    if !name.hasSuffix("-step") { model.train() }
    for i in 0..<options.warmup { step(i) }
    var times: [Double] = [], cpuTimes: [Double] = [], flops: [Int] = [], live: [Int] = []
    MemoryStatistics.resetPeak()
    for i in 0..<options.steps {
        FlopCounter.reset()
        let t0 = now(), c0 = processCPUTime()
        step(options.warmup + i)
        times.append(now() - t0)
        cpuTimes.append(processCPUTime() - c0)
        flops.append(FlopCounter.operations)
        live.append(MemoryStatistics.liveBytes)
    }
    let median = times.sorted()[times.count / 2]
    let gflops = Double(flops.sorted()[flops.count / 2]) / (median / 1e3) / 1e9
    let growth = live.last! - live.first!
    print(String(format: "%-14@ %2d thr %8.2f ms  (min %.1f, max %.1f)  CPU %7.2f ms  %6.1f GFLOP/s  params %.3fM  peak RSS %.0f MB  tensor peak %.0f MB  live growth %d B  pool cache %.0f MB",
                 name as NSString, BLAS.threadCount, median, times.min()!, times.max()!, cpuTimes.sorted()[cpuTimes.count / 2], gflops, Double(model.parameterCount) / 1e6,
                 peakResidentMegabytes(), Double(MemoryStatistics.peakBytes) / 1_048_576, growth,
                 Double(BufferPool.cachedBytes) / 1_048_576))
    if options.digest {
        // FNV-1a over the bit patterns of every parameter, in declaration order.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for p in model.parameters() {
            p.withUnsafeBufferPointer { values in
                for v in values { hash = (hash ^ UInt64(v.bitPattern)) &* 0x100_0000_01b3 }
            }
        }
        print("digest \(name) \(String(hash, radix: 16)) kernels \(PortableNumerics.kernels)")
    }
    fflush(nil)
}

/// sgemm 1024³ at each of `threadCounts` BLAS threads (one, and two or `--threads`): the machine's practical FLOP
/// rate per core and in all, against which the steps' GFLOP/s read as a share of what the cores can do (a step's
/// FLOPs at the one-thread rate are the floor of a one-thread step).
func sgemmLines(threadCounts: [Int]) {
    let n = 1024
    var g = RandomGenerator(seed: 1)
    let a = Tensor.randomNormal([n, n], generator: &g), b = Tensor.randomNormal([n, n], generator: &g)
    for threads in threadCounts {
        EngineThreads.set(threads)
        var best = Double.infinity
        for _ in 0..<5 {
            let t0 = now()
            _ = Tensor.matmul(a, b)
            best = min(best, now() - t0)
        }
        print(String(format: "sgemm 1024³   %8.2f ms  %6.1f GFLOP/s (best of 5, %d BLAS thread%@)", best,
                     2 * pow(Double(n), 3) / (best / 1e3) / 1e9, BLAS.threadCount,
                     (BLAS.threadCount == 1 ? "" : "s") as NSString))
    }
}

// See OpenMPWaitPolicy: without the passive policy oneDNN's spinning OpenMP threads starve OpenBLAS (8× slower).
OpenMPWaitPolicy.ensurePassive(portableNumerics: PortableNumerics.isRequested())

do {
    let options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
    if options.backend == "im2col" { Convolution.backend = Im2ColConvolutionBackend() }
    print("f2lm-bench: convolution backend \(Convolution.backend.name) (\(PortableNumerics.kernels)), threads \(options.threads.map(String.init) ?? "per configuration"), steps \(options.steps) (+\(options.warmup) warm-up)")
    if options.sgemm { sgemmLines(threadCounts: Array(Set([1, options.threads ?? 2])).sorted()) }
    for name in options.configs { try run(name, options: options) }
} catch {
    FileHandle.standardError.write(Data("f2lm-bench: \(error)\n".utf8))
    exit(2)
}
