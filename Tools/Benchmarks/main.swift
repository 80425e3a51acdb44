// `make bench`: every issue's figures beside their references, in one run, one table.
import Glibc

let options = BenchmarkOptions.fromArguments(CommandLine.arguments)
let report = Report()
report.header()
if options.runs("http") {
    HTTPBenchmarks(
        binDirectory: options.binDirectory, referenceDirectory: options.referenceDirectory,
        seconds: options.seconds
    ).run(into: report)
}
if options.runs("functions") {
    FunctionColdStartBenchmarks(binDirectory: options.binDirectory).run(into: report)
}
if options.runs("events") {
    CloudEventBenchmarks().run(into: report)
}
if options.runs("recurrence") {
    RecurrenceBenchmarks().run(into: report)
}
if options.runs("storage") {
    await StorageBenchmarks(postgresURL: environment("TODOFN_BENCH_DATABASE_URL"), seconds: options.seconds)
        .run(into: report)
}
if options.runs("runtime") {
    await RuntimeBenchmarks(binDirectory: options.binDirectory).run(into: report)
}
if options.runs("slice") {
    await SliceBenchmarks(
        binDirectory: options.binDirectory, postgresURL: environment("TODOFN_BENCH_DATABASE_URL"),
        seconds: options.seconds
    ).run(into: report)
}
if options.runs("relay"), let url = environment("TODOFN_BENCH_DATABASE_URL") {
    await RelayBenchmarks(postgresURL: url, relaySeconds: options.relaySeconds).run(into: report)
}
if options.runs("task-crud") {
    await TaskCrudBenchmarks(
        binDirectory: options.binDirectory, postgresURL: environment("TODOFN_BENCH_DATABASE_URL"),
        seconds: options.seconds
    ).run(into: report)
}
if options.runs("consumers") {
    await ConsumerBenchmarks(binDirectory: options.binDirectory).run(into: report)
}
if options.runs("audit"), let url = environment("TODOFN_BENCH_DATABASE_URL") {
    let quick = environment("TODOFN_BENCH_QUICK") != nil
    await AuditRun(binDirectory: options.binDirectory, postgresURL: url, count: quick ? 5_000 : 20_000).run(into: report)
}
if options.runs("fanout") {
    await FanoutBenchmarks(binDirectory: options.binDirectory).run(into: report)
}
if options.runs("chat") {
    await ChatBenchmarks(binDirectory: options.binDirectory, postgresURL: environment("TODOFN_BENCH_DATABASE_URL"))
        .run(into: report)
}
if options.runs("gateway") {
    await GatewayBenchmarks(binDirectory: options.binDirectory, referenceDirectory: options.referenceDirectory)
        .run(into: report)
}
if options.runs("peer") {
    await PeerBenchmarks(
        binDirectory: options.binDirectory, postgresURL: environment("TODOFN_BENCH_DATABASE_URL"),
        seconds: max(options.seconds, 10)
    ).run(into: report)
}
