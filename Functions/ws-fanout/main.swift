import Dapr
import FunctionRuntime
import Glibc
import HTTPClient

// ws-fanout: seq + replay history per user, pushed to the ws-gateway replicas (see WsFanoutHandler).
let configuration = Configuration.fromEnvironmentOrExit()
let dapr = HTTPDaprClient(configuration: configuration)
let handler = WsFanoutHandler(
    sequencer: LiveSequencer(dapr: dapr), dapr: dapr, client: HTTPClient(), appToken: configuration.appAPIToken,
    now: {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    })
try await FunctionServer.run(handler, configuration: configuration)
