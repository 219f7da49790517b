// f2lm-bench: training-step benchmark of the engine on the configurations of ../shared/bench/torch_peer.py.
// Usage: f2lm-bench [--steps N] [--warmup N] [--threads N] [--backend onednn|im2col]
//                   [--configs unet-small,f2lm-small,unet-medium]
import Foundation
import NN
import TensorCore

/// Command-line options (all optional).
struct Options {
    var steps = 10, warmup = 3, threads = 2
    var backend = "onednn"
    var configs = ["unet-small", "f2lm-small", "unet-medium"]

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
            case "--configs": configs = try value().split(separator: ",").map(String.init)
            default: throw BenchError("unknown argument \(arguments[i])")
            }
            i += 1
        }
        for c in configs where !["unet-small", "f2lm-small", "unet-medium"].contains(c) { throw BenchError("unknown configuration \(c)") }
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

func run(_ name: String, options: Options) {
    var g = RandomGenerator(seed: 0)
    let (h, batch) = name == "unet-medium" ? (128, 4) : (64, 8)
    func input(_ c: Int) -> Tensor { Tensor.randomUniform([batch, c, h, h], lowerBound: -1, upperBound: 1, generator: &g) }
    let step: () -> Void
    let model: Module
    switch name {
    case "f2lm-small":
        let net = BenchF2LM(frames: 4, labels: 20, flow: 6, width: 16, output: 1, generator: &g)
        let (frames, labels, flow, target) = (input(4), input(20), input(6), input(1))
        let opt = AdamW(module: net, learningRate: 2e-4, weightDecay: 1e-4)
        model = net
        step = {
            opt.zeroGrad()
            let (out, tri) = net(frames: frames, labels: labels, flow: flow)
            let loss = Losses.meanSquaredError(out, target) + Losses.gradientDifference(out, target) + tri
            loss.backward()
            opt.step()
        }
    default:
        let (cin, w, cout) = name == "unet-medium" ? (12, 32, 3) : (4, 16, 1)
        let net = UNet(inputChannels: cin, width: w, outputChannels: cout, generator: &g)
        let (x, target) = (input(cin), input(cout))
        let opt = AdamW(module: net, learningRate: 2e-4, weightDecay: 1e-4)
        model = net
        step = {
            opt.zeroGrad()
            Losses.meanSquaredError(net(x), target).backward()
            opt.step()
        }
    }
    model.train()
    for _ in 0..<options.warmup { step() }
    var times: [Double] = [], flops: [Int] = [], live: [Int] = []
    MemoryStatistics.resetPeak()
    for _ in 0..<options.steps {
        FlopCounter.reset()
        let t0 = now()
        step()
        times.append(now() - t0)
        flops.append(FlopCounter.operations)
        live.append(MemoryStatistics.liveBytes)
    }
    let median = times.sorted()[times.count / 2]
    let gflops = Double(flops.sorted()[flops.count / 2]) / (median / 1e3) / 1e9
    let growth = live.last! - live.first!
    print(String(format: "%-12@ %8.1f ms  (min %.1f, max %.1f)  %6.1f GFLOP/s  params %.3fM  peak RSS %.0f MB  tensor peak %.0f MB  live growth %d B  pool cache %.0f MB",
                 name as NSString, median, times.min()!, times.max()!, gflops, Double(model.parameterCount) / 1e6,
                 peakResidentMegabytes(), Double(MemoryStatistics.peakBytes) / 1_048_576, growth,
                 Double(BufferPool.cachedBytes) / 1_048_576))
    fflush(nil)
}

func sgemmLine() {
    let n = 1024
    var g = RandomGenerator(seed: 1)
    let a = Tensor.randomNormal([n, n], generator: &g), b = Tensor.randomNormal([n, n], generator: &g)
    var best = Double.infinity
    for _ in 0..<5 {
        let t0 = now()
        _ = Tensor.matmul(a, b)
        best = min(best, now() - t0)
    }
    print(String(format: "sgemm 1024³   %8.2f ms  %6.1f GFLOP/s (best of 5, %d BLAS threads)", best, 2 * pow(Double(n), 3) / (best / 1e3) / 1e9, BLAS.threadCount))
}

// See OpenMPWaitPolicy: without the passive policy oneDNN's spinning OpenMP threads starve OpenBLAS (8× slower).
OpenMPWaitPolicy.ensurePassive()

do {
    let options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
    EngineThreads.set(options.threads)
    if options.backend == "im2col" { Convolution.backend = Im2ColConvolutionBackend() }
    print("f2lm-bench: convolution backend \(Convolution.backend.name), threads \(options.threads), steps \(options.steps) (+\(options.warmup) warm-up)")
    sgemmLine()
    for name in options.configs { run(name, options: options) }
} catch {
    FileHandle.standardError.write(Data("f2lm-bench: \(error)\n".utf8))
    exit(2)
}
