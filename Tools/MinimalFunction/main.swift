import FunctionRuntime

// The smallest function on the runtime, started by `make bench` for the cold-start and throughput rows.
let configuration = Configuration.fromEnvironmentOrExit()
FunctionServer.main(MinimalHandler(), configuration: configuration)
