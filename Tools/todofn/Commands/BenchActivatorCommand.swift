import EmbeddedBenchmarks
import EmbeddedSupervisor

/// `todofn bench-activator [--function PATH] [--samples 25]`: times cold starts through the ingress and the
/// supervisor (request in to response out, the function stopped before each sample) and prints the median.
enum BenchActivatorCommand: Subcommand {
    static let name = "bench-activator"
    static let summary = "time a cold function through the activator (median of --samples, default 25)"

    static let synopsis = "[options]"
    static let options = [
        OptionSpec(name: "--function", value: "PATH", help: "the executable to start (default minimal-function)"),
        OptionSpec(name: "--samples", value: "N", help: "how many cold starts to time, 1-10000 (default 25)"),
    ]

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments, specs: Self.options)
        let executable = options.value("--function") ?? FunctionDefinition.executableDirectory + "/minimal-function"
        guard let samples = Int(options.value("--samples") ?? "25"), (1...10_000).contains(samples) else {
            throw UsageError(message: "--samples must be a whole number 1-10000")
        }
        let timings = try await ActivatorBenchmark.coldStarts(executable: executable, samples: samples)
        let milliseconds = timings.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1e3 }
        let sorted = milliseconds.sorted()
        let median = ActivatorBenchmark.median(timings)
        let medianMilliseconds = Double(median.components.attoseconds) / 1e15 + Double(median.components.seconds) * 1e3
        print("cold function through the activator (\(executable), \(samples) samples)")
        print(
            "  median \(format(medianMilliseconds)) ms   min \(format(sorted.first ?? 0)) ms   max \(format(sorted.last ?? 0)) ms"
        )
        return 0
    }

    private static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
