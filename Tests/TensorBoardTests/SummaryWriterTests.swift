import Foundation
import Testing
@testable import TensorBoard

@Suite struct SummaryWriterTests {
    func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tb-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func scalarSteps(_ folder: URL, tag: String) throws -> [Int64] {
        try EventFiles.readAll(in: folder).filter { $0.summary.value.contains { $0.tag == tag } }.map(\.step)
    }

    @Test func scalarsAndImagesReadBack() throws {
        let folder = temporaryFolder()
        let writer = try SummaryWriter(directory: folder)
        try writer.scalars([("loss/total", 0.5), ("lr", 1e-4)], step: 1)
        try writer.image("panel", png: Data([1, 2, 3]), width: 4, height: 2, channels: 3, step: 1)
        let events = try EventFiles.read(writer.url)
        #expect(events.count == 3)
        #expect(events[0].fileVersion == "brain.Event:2")
        #expect(events[1].summary.value.map(\.tag) == ["loss/total", "lr"])
        #expect(events[1].summary.value[0].simpleValue == 0.5)
        #expect(events[2].summary.value[0].image.encodedImageString == Data([1, 2, 3]))
        #expect(events[2].summary.value[0].image.width == 4)
    }

    /// A resumed session cuts the earlier files back to its checkpoint step and logs the later steps once.
    @Test func resumingAfterAStepNeverDuplicatesSteps() throws {
        let folder = temporaryFolder()
        let first = try SummaryWriter(directory: folder)
        for step in 1...7 { try first.scalars([("loss", Double(step))], step: step) }
        // Killed after step 7 with its last checkpoint at step 4: the next session resumes after 4.
        let second = try SummaryWriter(directory: folder, resumingAfter: 4)
        for step in 5...9 { try second.scalars([("loss", Double(step) + 100)], step: step) }
        #expect(try scalarSteps(folder, tag: "loss") == Array(1...9))
        #expect(EventFiles.list(in: folder).count == 2)
        #expect(EventFiles.list(in: folder).last == second.url)
        // Starting over (step 0) removes every earlier file.
        let third = try SummaryWriter(directory: folder, resumingAfter: 0)
        try third.scalars([("loss", 1)], step: 1)
        #expect(try scalarSteps(folder, tag: "loss") == [1])
    }

    @Test func hparamsSessionsBuildTheExperimentOfTheWholeGrid() throws {
        let log = HParamsLog(folder: temporaryFolder())
        try log.writeSession(name: "run-a", hparams: ["lambda": .number(1), "noise": .string("ci"), "ftc": .bool(true), "alpha": .number(0.5)],
                             metrics: [("auc", 0.9), ("eer", 0.2)], start: Date())
        try log.writeSession(name: "run-b", hparams: ["lambda": .number(4), "noise": .string("ci"), "ftc": .bool(false), "alpha": .number(0.5)],
                             metrics: [("auc", 0.8), ("eer", 0.3), ("auc_component/destroyer_mse", 0.7)], start: Date())
        let experimentEvents = try EventFiles.read(log.folder.appendingPathComponent(HParamsLog.experimentFileName))
        let data = try #require(HParamsSummary.pluginData(of: experimentEvents[1].summary.value[0]))
        guard case .experiment(let experiment) = data.data else { Issue.record("not an experiment"); return }
        // The columns that differ first, each group by name.
        #expect(experiment.hparamInfos.map(\.name) == ["ftc", "lambda", "alpha", "noise"])
        #expect(experiment.hparamInfos.map(\.differs) == [true, true, false, false])
        #expect(experiment.hparamInfos[1].type == .float64)
        #expect(experiment.hparamInfos[3].type == .string)
        #expect(experiment.hparamInfos[1].domainDiscrete.values.map(\.numberValue) == [1, 4])
        #expect(experiment.metricInfos.map(\.name.tag) == ["auc", "auc_component/destroyer_mse", "eer"])
        let session = try EventFiles.readAll(in: log.folder.appendingPathComponent("run-b"))
        #expect(session.filter(\.hasSummary).flatMap { $0.summary.value.map(\.tag) }
            == [HParamsSummary.sessionStartTag, "auc", "eer", "auc_component/destroyer_mse", HParamsSummary.sessionEndTag])
    }
}
