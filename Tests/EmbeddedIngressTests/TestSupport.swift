import EmbeddedSupervisor
import Glibc
import Synchronization
import Testing

/// Helpers shared by the tests: products of the build directory, temporary directories, child commands.
enum TestSupport {
    /// The build directory holding the test bundle and every product (`.build/debug`).
    static var buildDirectory: String { FunctionDefinition.executableDirectory }

    /// The path of product `name`, recording a failure that says to build first when it is missing.
    static func product(_ name: String) throws -> String {
        let path = buildDirectory + "/" + name
        try #require(
            access(path, X_OK) == 0,
            "\(path) is missing: run `swift build` (all products) before `swift test`, as `make test` does")
        return path
    }

    /// A fresh directory under /tmp.
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/ingress-test-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        return path
    }

    /// Writes `text` to `path` with `mode`.
    /// The descriptor is close-on-exec: a process another test spawns meanwhile must not inherit it, or a script
    /// written here stays open for writing in that process and spawning it fails with ETXTBSY ("Text file busy").
    static func write(_ text: String, to path: String, mode: mode_t = 0o644) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// Removes `path` and everything under it.
    static func remove(_ path: String) {
        _ = path.withCString { _ in system("rm -rf '\(path)'") }
    }

    /// Polls `condition` every 5 ms for up to `limit`; returns whether it became true.
    static func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }
}

/// Collects the lines a supervisor prints, for assertions.
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])

    /// A sink that records `[name] line`.
    var sink: @Sendable (String, String) -> Void {
        { [self] name, line in lines.withLock { $0.append("[\(name)] \(line)") } }
    }

    /// Everything recorded so far.
    var all: [String] { lines.withLock { $0 } }
}
