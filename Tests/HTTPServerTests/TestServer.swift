import Glibc
import HTTPServer
import HTTPTypes
import Synchronization

/// How many `/slow` requests reached the responder, so tests can wait for one to be in flight.
let slowRequestsStarted = Atomic<Int>(0)

/// Responds by path: `/slow?ms=N` sleeps first, `/big?n=N` sends N bytes (`b…b$`), `/thread` names its threads,
/// anything else echoes the request.
struct TestResponder: HTTPResponder {
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch request.path {
        case "/slow":
            slowRequestsStarted.add(1, ordering: .relaxed)
            let milliseconds = Int(request.queryValue("ms") ?? "200") ?? 200
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return HTTPResponse(contentType: "text/plain", text: "slow done")
        case "/thread":
            let before = currentThreadName()
            await Task.yield()
            return HTTPResponse(contentType: "text/plain", text: before + " " + currentThreadName())
        case "/big":
            var body = [UInt8](repeating: UInt8(ascii: "b"), count: Int(request.queryValue("n") ?? "0") ?? 0)
            if !body.isEmpty { body[body.count - 1] = UInt8(ascii: "$") }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: body)
        default:
            var headers: HTTPHeaders = ["X-Method": request.method.rawValue, "X-Target": request.target]
            headers["X-Version"] = "\(request.version.major).\(request.version.minor)"
            return HTTPResponse(status: .ok, headers: headers, body: request.body)
        }
    }
}

/// Starts a server on 127.0.0.1:0 with two loops, runs `body`, then shuts it down and waits for it.
func withServer(
    _ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    upgrader: (any HTTPUpgrader)? = nil,
    _ body: (Int, HTTPServer) async throws -> Void
) async throws {
    var configuration = HTTPServerConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.workerCount = 2
    configuration.handlesSignals = false
    configure(&configuration)
    let server =
        upgrader.map { HTTPServer(configuration: configuration, responder: TestResponder(), upgrader: $0) }
        ?? HTTPServer(configuration: configuration, responder: TestResponder())
    let port = try server.start()
    do {
        try await body(port, server)
    } catch {
        server.shutdown()
        try await server.run()
        throw error
    }
    server.shutdown()
    try await server.run()
}

/// Open file descriptors of this process.
func openFileDescriptorCount() -> Int {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    while readdir(directory) != nil { count += 1 }
    return count - 3
}

/// Resident set size of this process, in bytes.
func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var size = 0
    var resident = 0
    _ = withUnsafeMutablePointer(to: &size) { sizePointer in
        withUnsafeMutablePointer(to: &resident) { residentPointer in
            withVaList([sizePointer, residentPointer]) { vfscanf(file, "%ld %ld", $0) }
        }
    }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass.
func eventually(timeout: Double = 30, _ condition: () -> Bool) async -> Bool {
    let deadline = now() + timeout
    while now() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

/// The calling thread's name, from /proc/thread-self/comm.
func currentThreadName() -> String {
    guard let file = fopen("/proc/thread-self/comm", "r") else { return "?" }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 32)
    guard fgets(&buffer, 32, file) != nil else { return "?" }
    return String(decoding: buffer.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
