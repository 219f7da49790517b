@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

final class SlurmQueueTests: XCTestCase {
    func testSqueueLinesOfArrayTasksAreParsedAndOtherJobsFiltered() {
        // Output of `squeue -h -r -o '%F|%K|%T|%r'` on Slurm 22.05 (job 7 is not an array: task N/A).
        let output = """
        19|2|PENDING|Resources
        20|0|PENDING|Dependency
        23|1|PENDING|DependencyNeverSatisfied
        19|0|RUNNING|None
        7|N/A|RUNNING|None
        55|3|RUNNING|None
        """
        let tasks = SlurmQueue.parseSqueue(output, jobs: ["19", "20", "23"])
        XCTAssertEqual(tasks.map(\.id), ["19_2", "20_0", "23_1", "19_0"])
        XCTAssertEqual(tasks[2], SlurmTaskState(job: "23", task: 1, state: "PENDING", detail: "DependencyNeverSatisfied"))
        XCTAssertTrue(tasks.allSatisfy(\.isActive))
        XCTAssertEqual(SlurmQueue.parseSqueue(output).count, 5)
    }

    func testSacctStatesKeepTheirFirstWordAndSkipRanges() {
        let output = """
        31_0|COMPLETED|0:0
        31_1|FAILED|1:0
        31_2|CANCELLED by 0|0:15
        32_[0-4]|PENDING|0:0
        33|COMPLETED|0:0
        31_3|OUT_OF_MEMORY|0:125
        """
        let tasks = SlurmQueue.parseSacct(output)
        XCTAssertEqual(tasks.map(\.id), ["31_0", "31_1", "31_2", "31_3"])
        XCTAssertEqual(tasks.map(\.state), ["COMPLETED", "FAILED", "CANCELLED", "OUT_OF_MEMORY"])
        XCTAssertEqual(tasks.map(\.isFailure), [false, true, true, true])
        XCTAssertEqual(tasks[1].detail, "1:0")
    }

    func testMaxArraySizeIsReadFromScontrolConfig() throws {
        let config = "MaxArrayCount           = 0\nMaxArraySize            = 4001\nMaxJobCount             = 10000\n"
        XCTAssertEqual(try SlurmQueue.parseMaxArraySize(config), 4001)
        XCTAssertNil(try SlurmQueue.parseMaxArraySize("MaxJobCount = 10000\n"))
    }

    func testSacctFillsInTasksSqueueNoLongerListsAndItsErrorsAreIgnored() throws {
        let fake = FakeSlurm(squeue: "40|1|RUNNING|None\n", sacct: (0, "40_0|FAILED|2:0\n40_1|RUNNING|0:0\n41_0|COMPLETED|0:0\n"))
        let states = try SlurmQueue.taskStates(jobs: ["40"], runner: fake)
        XCTAssertEqual(states["40_0"]?.state, "FAILED")
        XCTAssertEqual(states["40_1"]?.state, "RUNNING")
        XCTAssertNil(states["41_0"])
        fake.sacct = (1, "sacct: error: Slurm accounting storage is disabled")
        let onlyQueue = try SlurmQueue.taskStates(jobs: ["40"], runner: fake)
        XCTAssertEqual(Array(onlyQueue.keys), ["40_1"])
    }
}
