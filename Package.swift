// swift-tools-version:6.0
// The F2LM + Destroyer ablation runner. Targets and their one-way dependencies follow DESIGN.md.
import Foundation
import PackageDescription

let package = Package(
    name: "F2LMAblation",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "f2lm", targets: ["f2lm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries from Debian (installed by `make deps`).
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "DNNLKernels", dependencies: ["CDNNL"]),
        .target(name: "TensorCore", dependencies: ["CBLAS", "DNNLKernels"]),
        .target(name: "NN", dependencies: ["TensorCore"]),
        // A tiny C shim: libjpeg reports errors by longjmp, which must never cross Swift frames, and
        // libtiff's field accessors are variadic, which Swift cannot call.
        .target(name: "CImageShim", linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("tiff")]),
        .target(name: "VideoData", dependencies: ["CPNG", "CImageShim", "CZlib"]),
        .target(name: "Metrics"),
        .target(name: "F2LM", dependencies: ["NN", "VideoData", "Metrics"]),
        .target(name: "Experiments", dependencies: ["F2LM", "VideoData", "Metrics", "CYAML"]),
        .target(name: "Report", dependencies: ["Experiments", "F2LM", "VideoData", "Metrics"]),
        .executableTarget(name: "f2lm", dependencies: [
            "Experiments", "F2LM", "VideoData", "Metrics", "TensorCore", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "f2lm-bench", dependencies: ["NN"]),
        // The readers of user files and of the cache, each as one fuzz target (`make fuzz`; tests replay the corpus).
        .target(name: "FuzzTargets", dependencies: ["VideoData", "NN", "TensorCore", "Metrics", "F2LM", "Experiments"]),

        .target(name: "TestSupport", dependencies: ["TensorCore"], path: "Tests/TestSupport"),
        .testTarget(name: "DNNLKernelsTests", dependencies: ["DNNLKernels"]),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"]),
        .testTarget(name: "VideoDataTests", dependencies: ["VideoData"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
        .testTarget(name: "F2LMTests", dependencies: ["F2LM", "TestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "TestSupport"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Experiments", "VideoData", "Metrics"]),
    ]
)

// `make fuzz` only (F2LM_FUZZ=1, built with -sanitize=fuzzer,address into .build-fuzz): one libFuzzer executable per
// reader. They link libFuzzer's driver, so a normal build must not see them.
if ProcessInfo.processInfo.environment["F2LM_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CFuzzerDriver", path: "Fuzz/CFuzzerDriver"),
        .target(name: "FuzzDriver", dependencies: ["FuzzTargets", "CFuzzerDriver"], path: "Fuzz/FuzzDriver"),
    ]
    for name in ["spec", "mat", "npy", "flo", "score-csv", "runs-csv", "safetensors", "cache-json", "image"] {
        package.targets.append(.executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzDriver", "FuzzTargets"], path: "Fuzz/\(name)"))
    }
}
