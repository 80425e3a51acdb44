import FunctionRuntime

// The smallest function on the runtime, started by `make bench` for the cold-start and throughput rows.
let configuration = Configuration.fromEnvironmentOrExit()
try await FunctionServer.run(MinimalHandler(), configuration: configuration)
