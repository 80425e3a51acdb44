import Glibc
import Synchronization
import Testing
import WorkerThreads

@Suite("WorkerThread")
struct WorkerThreadTests {
    @Test("jobs run one after another, in the order they were submitted")
    func order() async throws {
        let thread = try WorkerThread(name: "test-order")
        let seen = Mutex<[Int]>([])
        for index in 0..<100 { thread.submit { seen.withLock { $0.append(index) } } }
        let last = try await thread.run { seen.withLock { $0 } }
        #expect(last == Array(0..<100))
        thread.stop()
    }

    @Test("the thread carries its name, cut to Linux's 15 bytes, so profiles and ps -L can tell threads apart")
    func name() async throws {
        let thread = try WorkerThread(name: "sqlite-writer-long-name")
        let name = try await thread.run { Self.currentThreadName() }
        #expect(name == "sqlite-writer-l")
        thread.stop()
    }

    @Test("a throwing job reaches the caller and the thread keeps running")
    func errors() async throws {
        struct Boom: Error {}
        let thread = try WorkerThread()
        await #expect(throws: Boom.self) { try await thread.run { throw Boom() } }
        #expect(try await thread.run { 42 } == 42)
        thread.stop()
    }

    private static func currentThreadName() -> String {
        let fd = open("/proc/thread-self/comm", O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return String(decoding: buffer.prefix(max(0, count)).filter { $0 != 0x0A }, as: UTF8.self)
    }
}
