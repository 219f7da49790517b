import ArgumentParser
import Experiments
import Foundation
import JobRunner
import VideoData

extension NodeCommand {
    /// `f2lm node serve --plan FILE --cache DIR [--tensorboard DIR] [--tensorboard-images-every N]`: the worker
    /// process of a local `f2lm run` (`NodeWorker`): runs the nodes its parent sends on standard input.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Plumbing for f2lm run: a worker process running the nodes its parent sends on standard input.")

        @Option(help: "The plan document of the run (plan.json format).")
        var plan: String

        @OptionGroup var cache: CacheOptions

        @Option(name: .customLong("tensorboard"), help: "TensorBoard log folder (none when not given).")
        var tensorBoardFolder: String?

        @Option(name: .customLong("tensorboard-images-every"), help: "Training image panels every N steps.")
        var tensorBoardImagesEvery: Int = TensorBoardLogging.defaultImageEvery

        func run() throws {
            try reportingUserErrors {
                // The nodes of one worker (a dataset's, or a generator's, by --isolation) share prepared videos.
                PreparedVideoMemo.isEnabled = true
                let url = URL(fileURLWithPath: plan)
                let graph = try PipelineGraph(runs: try PlanDocument.read(url).plannedRuns(source: url.path))
                let tensorBoard = tensorBoardFolder.map {
                    TensorBoardLogging(root: URL(fileURLWithPath: $0), imageEvery: tensorBoardImagesEvery)
                }
                NodeWorker.serve(graph: graph.graph, executor: PipelineExecutor(graph: graph, tensorBoard: tensorBoard),
                                 cache: cache.store, numerics: NodeNumerics.current)
            }
        }
    }
}
