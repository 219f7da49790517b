import Foundation

/// Clocks and identity used in cache records and progress.
public enum RunnerClock {
    /// Current UTC time as ISO 8601 with seconds, e.g. "2026-11-25T19:30:00Z".
    public static func isoNow() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// Monotonic seconds (for durations).
    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// This machine's host name.
    public static func hostName() -> String {
        ProcessInfo.processInfo.hostName
    }
}
