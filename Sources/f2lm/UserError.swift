import ArgumentParser
import Experiments
import Foundation
import JobRunner
import Metrics
import VideoData
import YAML

/// A problem with what the user asked for, found while running a command (bad flags are found earlier by
/// ArgumentParser, with the usage).
struct UserError: Error, CustomStringConvertible {
    /// What is wrong.
    var description: String

    /// An error saying `message`.
    init(_ message: String) { description = message }
}

/// An error the user can cause (spec files, plan documents, manifests, Slurm, the cache, results files, dataset
/// folders, score files), whose description names the file and the problem.
protocol UserFacingError: Error, CustomStringConvertible {}

extension SourceError: UserFacingError {}
extension UserError: UserFacingError {}
extension PlanDocumentError: UserFacingError {}
extension SlurmError: UserFacingError {}
extension CacheError: UserFacingError {}
extension JobGraphError: UserFacingError {}
extension PipelineError: UserFacingError {}
extension MetricsError: UserFacingError {}
extension VideoDataError: UserFacingError {}
extension ScoreTableError: UserFacingError {}

/// Runs `body`; a `UserFacingError` is printed in one format, `error: <message>`, and the command exits with
/// status 1. Other errors (ArgumentParser's ValidationError, ExitCode) pass through to ArgumentParser.
func reportingUserErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as UserFacingError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
