import Glibc
import HTTPServer
import Synchronization
import Testing
import WorkerThreads

extension HTTPServerSocketTests {
    @Suite struct HTTPServerShutdownTests {
        private func makeServer(grace: Duration = .seconds(10)) throws -> (HTTPServer, Int) {
            var configuration = HTTPServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.workerCount = 2
            configuration.handlesSignals = false
            configuration.shutdownGracePeriod = grace
            let server = HTTPServer(configuration: configuration, responder: TestResponder())
            return (server, try server.start())
        }

        @Test("finishes an in-flight request, closes idle connections and refuses new ones on shutdown")
        func drain() async throws {
            // Arrange: one idle keep-alive connection and one request in flight.
            let (server, port) = try makeServer()
            let idle = try #require(RawClient(port: port))
            idle.send("GET / HTTP/1.1\r\n\r\n")
            _ = try idle.readResponse()
            let started = slowRequestsStarted.load(ordering: .relaxed)
            let busy = try #require(RawClient(port: port))
            busy.send("GET /slow?ms=1500 HTTP/1.1\r\n\r\n")
            #expect(await eventually { slowRequestsStarted.load(ordering: .relaxed) > started })

            // Act
            server.shutdown()
            let running = Task { try await server.run() }

            // Assert
            #expect(idle.closes(within: 5))
            let response = try busy.readResponse()
            #expect(response.text == "slow done")
            #expect(response.header("Connection") == "close")
            #expect(busy.closes(within: 5))
            try await running.value
            #expect(RawClient(port: port) == nil)
            #expect(server.activeConnections == 0)
        }

        @Test("closes a handler that outlives the grace period and still returns from run")
        func graceExpires() async throws {
            let (server, port) = try makeServer(grace: .milliseconds(200))
            let started = slowRequestsStarted.load(ordering: .relaxed)
            let busy = try #require(RawClient(port: port))
            // The handler runs far longer than any wait below: run returning at all means the grace period ended it.
            busy.send("GET /slow?ms=60000 HTTP/1.1\r\n\r\n")
            #expect(await eventually { slowRequestsStarted.load(ordering: .relaxed) > started })
            let start = now()
            server.shutdown()
            try await server.run()
            #expect(now() - start < 30, "the 200 ms grace period, not the handler's 60 s")
            #expect(busy.closes(within: 10))
        }

        @Test("frees a connection whose client resets it while its handler runs")
        func resetInFlight() async throws {
            try await withServer { port, server in
                let started = slowRequestsStarted.load(ordering: .relaxed)
                do {
                    let client = try #require(RawClient(port: port))
                    var linger = linger(l_onoff: 1, l_linger: 0)
                    setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
                    // The handler outlives the wait below: the connection must be freed while it still runs.
                    client.send("GET /slow?ms=60000 HTTP/1.1\r\n\r\n")
                    #expect(await eventually(timeout: 30) { slowRequestsStarted.load(ordering: .relaxed) > started })
                }
                #expect(await eventually(timeout: 30) { server.activeConnections == 0 })
            }
        }

        @Test("returns from run at once when shut down before it started")
        func shutdownBeforeStart() async throws {
            var configuration = HTTPServerConfiguration()
            configuration.handlesSignals = false
            let server = HTTPServer(configuration: configuration, responder: TestResponder())
            server.shutdown()
            try await server.run()
        }

        @Test("runBlocking blocks the calling thread until shutdown, then returns")
        func runBlocking() async throws {
            let (server, port) = try makeServer()
            let client = try #require(RawClient(port: port))
            client.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let start = now()
            let stopper = Task.detached {
                try await Task.sleep(for: .milliseconds(150))
                server.shutdown()
            }
            // A thread of its own, as a caller's main thread: blocking a cooperative thread here starves every other
            // suite of this process while it waits (two threads on CI).
            try await WorkerThread(name: "run-blocking").run { try server.runBlocking() }
            #expect(now() - start >= 0.1)
            #expect(client.closes(within: 5))
            #expect(RawClient(port: port) == nil)
            try await stopper.value
        }

        @Test("shuts down gracefully on SIGTERM when it handles signals")
        func sigterm() async throws {
            var configuration = HTTPServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.workerCount = 1
            configuration.handlesSignals = true
            let server = HTTPServer(configuration: configuration, responder: TestResponder())
            let port = try server.start()
            let started = slowRequestsStarted.load(ordering: .relaxed)
            let busy = try #require(RawClient(port: port))
            busy.send("GET /slow?ms=300 HTTP/1.1\r\n\r\n")
            #expect(await eventually { slowRequestsStarted.load(ordering: .relaxed) > started })
            // Process-directed, as from a supervisor; raise() would target this pool thread, which blocks signals.
            kill(getpid(), SIGTERM)
            try await server.run()
            #expect(try busy.readResponse().text == "slow done")
            #expect(RawClient(port: port) == nil)
        }

        @Test("releases every descriptor and the memory of 10,000 clients that vanish mid-body")
        func vanishingClients() async throws {
            try await withServer { port, server in
                func wave() async throws {
                    for batch in 0..<50 {
                        var clients: [RawClient] = []
                        for _ in 0..<100 {
                            let client = try #require(RawClient(port: port))
                            client.send(
                                "POST /v\(batch) HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "z", count: 3000)
                            )
                            clients.append(client)
                        }
                        #expect(await eventually(timeout: 60) { server.activeConnections >= 1 })
                        clients.removeAll()
                    }
                    #expect(await eventually(timeout: 60) { server.activeConnections == 0 })
                }
                try await wave()
                let baselineFDs = openFileDescriptorCount()
                let baselineRSS = residentBytes()
                try await wave()
                // Slack for the test runner's own descriptors and allocations; a per-connection leak would be
                // thousands of descriptors and hundreds of megabytes (each client announced a 100 kB body).
                #expect(await eventually(timeout: 60) { openFileDescriptorCount() <= baselineFDs + 32 })
                #expect(residentBytes() - baselineRSS < 32 << 20)
            }
        }
    }
}
