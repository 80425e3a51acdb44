import Dapr
import DaprSubscriber
import FunctionRuntime
import Glibc
import HTTPClient

// ws-fanout: seq + replay history per user, pushed to the ws-gateway replicas (see WsFanoutHandler). A push presents
// ws-gateway's app token: `GATEWAY_APP_API_TOKEN` (`todofn up` gives each function its own), else APP_API_TOKEN (the
// cluster's one shared token).
let configuration = Configuration.fromEnvironmentOrExit()
let dapr = HTTPDaprClient(configuration: configuration)
let handler = WsFanoutHandler(
    sequencer: LiveSequencer(dapr: dapr), dapr: dapr, client: HTTPClient(),
    appToken: configuration.environment["GATEWAY_APP_API_TOKEN"] ?? configuration.appAPIToken,
    now: {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    })
// libcurl (every event's Dapr state calls and pushes) loads once the first request (readiness) is answered.
try await FunctionServer.run(
    handler, configuration: configuration, transport: HTTPServerTransport(onFirstResponse: { HTTPClient.preload() }))
