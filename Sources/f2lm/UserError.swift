import ArgumentParser
import Experiments
import Foundation
import Metrics
import VideoData

/// A problem with what the user asked for, found while running a command (bad flags are found earlier by
/// ArgumentParser, with the usage).
struct UserError: Error, CustomStringConvertible {
    /// What is wrong.
    var description: String

    /// An error saying `message`.
    init(_ message: String) { description = message }
}

/// Runs `body`; an error the user can cause (spec files, plan documents, manifests, Slurm, the cache, results
/// files, dataset folders, score files) is printed in one format, `error: <message>`, and the command exits with status 1.
func reportingUserErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as ExitCode {
        throw error
    } catch let error as SourceError {
        throw fail(error)
    } catch let error as UserError {
        throw fail(error)
    } catch let error as PlanDocumentError {
        throw fail(error)
    } catch let error as SlurmError {
        throw fail(error)
    } catch let error as CacheError {
        throw fail(error)
    } catch let error as JobGraphError {
        throw fail(error)
    } catch let error as PipelineError {
        throw fail(error)
    } catch let error as MetricsError {
        throw fail(error)
    } catch let error as VideoDataError {
        throw fail(error)
    } catch let error as ScoreTableError {
        throw fail(error)
    }

    func fail(_ error: any Error & CustomStringConvertible) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return .failure
    }
}
