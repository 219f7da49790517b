import Foundation

/// The executables built together with the running tests (`.build/<triple>/<configuration>/`, the folder of the
/// test bundle): `swift build --build-tests` and `swift test` build every product with the tests, so the binary an
/// end-to-end test runs is the one compiled from the same sources as the test itself — never a stale
/// `.build/release/f2lm` under a debug `swift test`. A missing binary fails the test (it never skips).
public enum BuiltProducts {
    /// The folder of the running test bundle, where SwiftPM puts the products of the same build.
    public static let folder: URL = {
        #if os(Linux)
        // The test runner is the `.xctest` executable itself.
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        #else
        if let bundle = Bundle.allBundles.first(where: { $0.bundleURL.pathExtension == "xctest" }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        #endif
    }()

    /// Why an end-to-end test cannot run: the product is missing from the tests' build folder.
    public struct Missing: Error, CustomStringConvertible {
        /// The path looked for.
        public var path: String
        /// What to do.
        public var description: String {
            "\(path) is missing: the end-to-end tests run the executables built with them; build every product "
                + "with the tests (`swift build --build-tests`, as `make test` and `swift test` do) and run them again"
        }
    }

    /// The executable `name` of the tests' build; throws `Missing` (a test error, never a skip) when absent.
    public static func executable(_ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }
}
