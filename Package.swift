// swift-tools-version: 6.1
import PackageDescription

import class Foundation.FileManager
import class Foundation.ProcessInfo

/// One list of Swift settings, applied to every Swift target.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Release code reaches generic type metadata (Dictionary<String, String> storage, ...) through direct accessors
    // instead of demangling the type's name at run time, which also scans every conformance record to check its
    // generic requirements: cold start of minimal-function 2.4 -> 2.2 ms (median of 41, interleaved).
    .unsafeFlags(
        ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
]

/// Fuzz targets need libFuzzer's driver, which only links with `-sanitize=fuzzer`: `make fuzz` sets TODOFN_FUZZ=1.
let fuzzing = ProcessInfo.processInfo.environment["TODOFN_FUZZ"] == "1"

/// `make release` (TODOFN_STATIC_EXECUTABLE=1, with `--static-swift-stdlib`) links the binaries whose C libraries all
/// have a static archive as static executables, the fastest start; a plain `swift build -c release` links them
/// dynamically (`-static-executable` needs the static Swift runtime, which only `--static-swift-stdlib` selects).
let staticExecutable: [LinkerSetting] =
    ProcessInfo.processInfo.environment["TODOFN_STATIC_EXECUTABLE"] == "1"
    ? [.unsafeFlags(["-static-executable"], .when(configuration: .release))] : []

/// `make release` also links libstdc++ into the functions from GCC's static archive: `Tools/Link/libstdc++.so` (a
/// linker script naming `libstdc++.a`) comes first on the library path, ahead of GCC's shared libstdc++, which the
/// dynamic loader then no longer maps and binds at each start (about 0.5 ms of a cold start, issue 12). Only with the
/// static Swift runtime (`--static-swift-stdlib`): the shared one loads libstdc++.so itself.
///
/// And it links them with the toolchain's lld and packed relative relocations (`DT_RELR`, glibc ≥ 2.36: Debian
/// bookworm, the image's base): the ~60,000 relative relocations of a function's metadata take 14 KB instead of
/// 1.4 MB of `.rela.dyn` for the dynamic loader to read at each start (cold start 0.2–0.3 ms less, 4 rounds
/// interleaved with the gold-linked build).
let staticLibStdCxx: [LinkerSetting] =
    ProcessInfo.processInfo.environment["TODOFN_STATIC_EXECUTABLE"] == "1"
    ? [
        .unsafeFlags(
            [
                "-L", Context.packageDirectory + "/Tools/Link", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker",
                "pack-relative-relocs",
            ], .when(configuration: .release))
    ] : []

func systemLibrary(_ name: String, pkgConfig: String? = nil, apt: [String]) -> Target {
    .systemLibrary(name: name, path: "Shared/\(name)", pkgConfig: pkgConfig, providers: [.apt(apt)])
}

func shared(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies, path: "Shared/\(name)", swiftSettings: swiftSettings)
}

/// A function under `Functions/<name>/`: an executable on the runtime and the Dapr subscriber adapters, plus what it
/// imports.
func function(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name, dependencies: ["FunctionRuntime", "DaprSubscriber"] + dependencies,
        path: "Functions/\(name)", swiftSettings: swiftSettings, linkerSettings: staticLibStdCxx)
}

func tests(
    _ name: String, _ dependencies: [Target.Dependency], exclude: [String] = [], resources: [Resource]? = nil
) -> Target {
    .testTarget(
        name: "\(name)Tests", dependencies: dependencies, path: "Tests/\(name)Tests", exclude: exclude,
        resources: resources, swiftSettings: swiftSettings)
}

var targets: [Target] = [
    // C libraries from Debian, each behind one system-library target (module.modulemap + shim.h).
    // libcurl and libpq are not linked (no pkgConfig, whose --libs would link them): their shims open them with
    // dlopen on first use, which keeps their ~30 dependent libraries off every process's start (see the shims).
    // libhttp_parser, libcrypto and libsqlite3 are linked from Debian's static archives (`link ":lib<name>.a"` in their
    // module maps, no pkgConfig, whose --libs would add the shared library again): the dynamic loader binding their
    // ~5,000 symbol relocations cost every function ~1.5 ms of its start (issue 12).
    systemLibrary("CHTTPParser", apt: ["libhttp-parser-dev"]),
    systemLibrary("CCurl", apt: ["libcurl4-openssl-dev"]),
    systemLibrary("CCrypto", apt: ["libssl-dev"]),
    systemLibrary("CPostgres", apt: ["libpq-dev"]),
    systemLibrary("CSQLite", apt: ["libsqlite3-dev"]),
    systemLibrary("CLinux", apt: []),
    systemLibrary("CYAML", pkgConfig: "yaml-0.1", apt: ["libyaml-dev"]),

    // The shared library stack.
    shared("HTTPTypes"),
    shared("HTTPServer", ["HTTPTypes", "CHTTPParser", "CLinux"]),
    shared("HTTPClient", ["HTTPTypes", "CCurl", "WorkerThreads"]),
    shared("Crypto", ["CCrypto"]),
    shared("JSON", ["HTTPTypes"]),
    shared("FunctionRuntime", ["HTTPTypes", "HTTPServer", "JSON"]),
    shared("FunctionTesting", ["FunctionRuntime", "Idempotency", "Dapr", "HTTPTypes", "JSON"]),
    shared("CloudEvents", ["HTTPTypes", "JSON"]),
    // The Dapr HTTP client (outbound); DaprSubscriber, the function side: the adapters daprd delivers to.
    shared("Dapr", ["HTTPTypes", "HTTPClient", "CloudEvents", "JSON"]),
    shared("DaprSubscriber", ["Dapr", "FunctionRuntime", "CloudEvents", "HTTPTypes", "HTTPClient", "JSON"]),
    shared("Idempotency", ["Dapr", "DaprSubscriber"]),
    shared("TodoDomain", ["CloudEvents", "JSON"]),
    shared("WorkerThreads"),
    shared("Wakeup"),
    shared("PostgresClient", ["CPostgres", "WorkerThreads"]),
    shared("SQLiteClient", ["CSQLite", "WorkerThreads"]),
    shared("Storage", ["PostgresClient", "SQLiteClient", "TodoDomain", "Crypto", "CloudEvents", "JSON"]),
    shared("DaprResources", ["CYAML"]),
    shared("Schedules"),
    shared("Recurrence", ["Schedules"]),
    // The closure types the embedded runtime, the jobs engine and the supervisor pass to each other.
    shared("EmbeddedSeams", ["HTTPTypes"]),
    shared("EmbeddedJobs", ["HTTPTypes", "SQLiteClient", "Schedules", "Wakeup", "EmbeddedSeams", "JSON"]),
    shared(
        "EmbeddedRuntime",
        [
            "HTTPTypes", "HTTPServer", "HTTPClient", "SQLiteClient", "DaprResources", "Schedules", "Wakeup",
            "EmbeddedSeams", "JSON",
        ]),
    // Starts the functions on demand, stops idle ones, restarts crashed ones; the ingress and the runtime reach
    // them through it.
    shared("EmbeddedSupervisor", ["HTTPTypes", "HTTPClient", "EmbeddedSeams"]),
    shared("EmbeddedIngress", ["HTTPTypes", "HTTPServer", "HTTPClient", "JSON", "EmbeddedSupervisor"]),
    shared("Authentication", ["Crypto", "Dapr", "FunctionRuntime", "HTTPTypes"]),
    shared("EventRelay", ["Dapr", "Storage", "FunctionRuntime", "Wakeup"]),
    shared("FunctionStorage", ["FunctionRuntime", "Storage", "HTTPTypes"]),
    shared(
        "FunctionBootstrap",
        [
            "FunctionRuntime", "Dapr", "DaprSubscriber", "Storage", "FunctionStorage", "Authentication", "EventRelay",
            "Crypto", "HTTPClient",
        ]),
    shared("ChatInterpreter", ["TodoDomain", "Schedules"]),
    shared("WebSocket", ["HTTPTypes"]),
    shared("LiveUpdates"),

    // The functions: one folder, product, app-id and Knative Service name each.
    function(
        "task-crud",
        [
            "FunctionBootstrap", "Storage", "HTTPTypes", "Authentication", "EventRelay", "TodoDomain", "CloudEvents",
            "Recurrence", "Schedules", "ChatInterpreter", "JSON",
        ]),
    function(
        "audit-log",
        [
            "Dapr", "FunctionBootstrap", "Storage", "HTTPTypes", "Authentication", "TodoDomain", "CloudEvents", "Crypto",
            "JSON",
        ]),
    function(
        "reminder-fire",
        ["Dapr", "FunctionBootstrap", "Storage", "EventRelay", "TodoDomain", "CloudEvents", "JSON", "HTTPTypes"]),
    function(
        "recurrence-generate",
        [
            "Dapr", "FunctionBootstrap", "Storage", "HTTPTypes", "EventRelay", "TodoDomain", "CloudEvents", "Recurrence",
            "Schedules",
        ]),
    function("ws-gateway", ["Dapr", "HTTPTypes", "Authentication", "Crypto", "HTTPServer", "WebSocket", "LiveUpdates", "JSON"]),
    function("ws-fanout", ["Dapr", "HTTPTypes", "CloudEvents", "HTTPClient", "LiveUpdates"]),

    // Tools: the CLI, the benchmarks and the minimal function they start.
    .executableTarget(
        name: "todofn",
        dependencies: [
            "HTTPClient", "Storage", "EmbeddedIngress", "EmbeddedRuntime", "EmbeddedJobs", "Crypto", "HTTPTypes", "Recurrence",
            "Schedules", "DaprResources", "EmbeddedBenchmarks", "EmbeddedSeams", "EmbeddedSupervisor",
        ],
        path: "Tools/todofn",
        swiftSettings: swiftSettings),
    .executableTarget(
        name: "Benchmarks",
        dependencies: [
            "HTTPTypes", "HTTPServer", "HTTPClient", "FunctionRuntime", "CloudEvents", "Storage",
            "EmbeddedRuntime", "EmbeddedJobs", "Recurrence", "Schedules", "EventRelay", "Crypto", "WebSocket", "CLinux",
            "WorkerThreads", "EmbeddedBenchmarks", "EmbeddedSupervisor", "JSON",
        ],
        path: "Tools/Benchmarks", exclude: ["Reference"], swiftSettings: swiftSettings),
    .executableTarget(
        name: "MinimalFunction", dependencies: ["FunctionRuntime", "HTTPTypes"], path: "Tools/MinimalFunction",
        swiftSettings: swiftSettings, linkerSettings: staticExecutable),
    // Benchmark drivers of the embedded stack, kept out of the shipped targets: todofn-bench, `todofn
    // bench-activator`, the runtime's test host and the crash and lateness tests use them.
    .target(
        name: "EmbeddedBenchmarks",
        dependencies: [
            "EmbeddedRuntime", "EmbeddedIngress", "EmbeddedJobs", "HTTPServer", "HTTPClient", "HTTPTypes", "EmbeddedSeams",
            "EmbeddedSupervisor", "JSON",
        ],
        path: "Tools/EmbeddedBenchmarks", swiftSettings: swiftSettings),

    // One test target per target.
    tests("HTTPTypes", ["HTTPTypes"]),
    tests("HTTPServer", ["HTTPServer", "HTTPTypes", "WorkerThreads"]),
    tests("HTTPClient", ["HTTPClient", "HTTPServer", "HTTPTypes"]),
    tests("Crypto", ["Crypto"]),
    tests("JSON", ["JSON"]),
    tests("FunctionRuntime", ["FunctionRuntime", "FunctionTesting", "HTTPClient", "HTTPTypes", "HTTPServer", "JSON"]),
    // Fixtures are read relative to #filePath: `Bundle.module` would pull Foundation into the test binary.
    tests("CloudEvents", ["CloudEvents", "HTTPTypes", "JSON"], exclude: ["Fixtures"]),
    tests(
        "Dapr",
        [
            "Dapr", "DaprSubscriber", "FunctionTesting", "HTTPServer", "CloudEvents", "FunctionRuntime", "HTTPClient",
            "HTTPTypes", "JSON",
        ],
        exclude: ["Fixtures"]),
    tests("Idempotency", ["Idempotency", "FunctionTesting", "HTTPServer", "Dapr", "DaprSubscriber", "HTTPTypes", "JSON"]),
    tests("TodoDomain", ["TodoDomain", "CloudEvents", "HTTPTypes"]),
    tests("ChatInterpreter", ["ChatInterpreter", "TodoDomain", "Schedules", "Recurrence"]),
    tests("PostgresClient", ["PostgresClient", "WorkerThreads"]),
    tests("SQLiteClient", ["SQLiteClient"]),
    tests("Storage", ["Storage", "TodoDomain", "EventRelay"]),
    tests("DaprResources", ["DaprResources"], exclude: ["Fixtures"]),
    tests("Schedules", ["Schedules"]),
    tests("Recurrence", ["Recurrence", "Schedules"], exclude: ["Fixtures"]),
    tests("WorkerThreads", ["WorkerThreads"]),
    tests(
        "EmbeddedJobs",
        ["EmbeddedJobs", "EmbeddedBenchmarks", "HTTPTypes", "HTTPServer", "HTTPClient", "EmbeddedSeams"]),
    tests(
        "EmbeddedRuntime",
        [
            "EmbeddedRuntime", "EmbeddedBenchmarks", "EmbeddedRuntimeTestHost", "HTTPServer", "HTTPClient", "HTTPTypes",
            "EmbeddedSeams", "JSON",
        ]),
    // A child process running the runtime, for the kill -9 test and `embedded-runtime-testhost bench`.
    .executableTarget(
        name: "EmbeddedRuntimeTestHost",
        dependencies: ["EmbeddedRuntime", "EmbeddedBenchmarks", "HTTPClient", "HTTPTypes", "EmbeddedSeams", "HTTPServer"],
        path: "Tests/EmbeddedRuntimeTestHost", swiftSettings: swiftSettings),
    tests("EmbeddedIngress", ["EmbeddedIngress", "HTTPClient", "HTTPServer", "HTTPTypes", "Crypto", "EmbeddedSupervisor"]),
    tests("Authentication", ["Authentication", "Crypto", "FunctionRuntime", "HTTPTypes"]),
    tests("WebSocket", ["WebSocket", "HTTPTypes"]),
    tests("LiveUpdates", ["LiveUpdates"]),
    // ws-gateway's replicas as processes over the embedded runtime, driven by a Python websockets client.
    tests(
        "WsGateway", ["EmbeddedIngress", "EmbeddedRuntime", "HTTPTypes", "EmbeddedSupervisor", "WorkerThreads"],
        exclude: ["gateway_checks.py"]),
    // The relay over a real outbox and the real embedded runtime or a loopback fake daprd; task-crud drained on SIGTERM.
    tests(
        "EventRelay",
        [
            "EventRelay", "Storage", "FunctionRuntime", "Dapr", "CloudEvents", "EmbeddedRuntime", "HTTPServer", "HTTPClient",
            "HTTPTypes", "FunctionTesting", "Crypto", "EmbeddedSeams", "JSON",
        ]),
    // The audit-log function's handler (an executable target, imported with @testable) over a real SQLite file.
    // The poison test runs the real embedded runtime in front of the handler.
    tests(
        "AuditLog",
        [
            "audit-log", "Storage", "Dapr", "CloudEvents", "FunctionRuntime", "FunctionTesting", "HTTPTypes", "TodoDomain",
            "EmbeddedRuntime", "HTTPServer", "HTTPClient", "Authentication", "Crypto", "JSON",
        ]),
    // The task-crud function's handler (@testable) through the runtime, over real SQLite and PostgreSQL stores.
    tests(
        "TaskCrud",
        [
            "task-crud", "Storage", "TodoDomain", "FunctionRuntime", "FunctionTesting", "HTTPTypes", "Authentication", "Crypto",
            "EventRelay", "CloudEvents", "Schedules", "JSON",
        ]),
    // ws-fanout's handler (@testable) over the in-memory Dapr client, pushing to real (refused) sockets; its
    // sequencer over the real embedded runtime's state store.
    tests(
        "WsFanout",
        [
            "ws-fanout", "Dapr", "FunctionTesting", "HTTPClient", "HTTPTypes", "LiveUpdates", "EmbeddedSupervisor",
            "EmbeddedRuntime",
        ]),
    // End to end: `todofn up` with the functions as processes (needs `swift build` first, as `make test` does).
    tests("Slice", ["HTTPClient", "HTTPTypes", "Crypto", "Storage", "DaprResources", "EmbeddedSupervisor"]),
    // The attack suite (issue 11): probes against the real `todofn up`, over the SliceTests harness (Support/ links
    // to its files) and `SecurityStack`; needs `swift build` first, like the slice tests.
    tests("Security", ["HTTPClient", "HTTPTypes", "Crypto", "Storage", "EmbeddedSupervisor"]),
    // reminder-fire and recurrence-generate through the real `todofn up` (over the SliceTests harness, Support/ links
    // to its files); needs `swift build` first, like the slice tests.
    tests(
        "Consumer", ["HTTPClient", "HTTPTypes", "Crypto", "Storage", "EmbeddedSupervisor"], exclude: ["live_client.py"]),
]

var products: [Product] = [
    .executable(name: "todofn", targets: ["todofn"]),
    .executable(name: "todofn-bench", targets: ["Benchmarks"]),
    .executable(name: "minimal-function", targets: ["MinimalFunction"]),
    .executable(name: "task-crud", targets: ["task-crud"]),
    .executable(name: "audit-log", targets: ["audit-log"]),
    .executable(name: "reminder-fire", targets: ["reminder-fire"]),
    .executable(name: "recurrence-generate", targets: ["recurrence-generate"]),
    .executable(name: "ws-gateway", targets: ["ws-gateway"]),
    .executable(name: "ws-fanout", targets: ["ws-fanout"]),
]

if fuzzing {
    targets.append(.systemLibrary(name: "CFuzzer", path: "Shared/CFuzzer"))
    for (name, dependencies) in [
        ("HTTPRequestFuzzer", ["HTTPServer"]),
        ("CloudEventJSONFuzzer", ["CloudEvents", "JSON"]),
        ("CloudEventHeaderFuzzer", ["CloudEvents", "HTTPTypes"]),
        ("WebSocketFrameFuzzer", ["WebSocket"]),
        ("RecurrenceFuzzer", ["Recurrence", "Schedules"]),
        ("ChatInterpreterFuzzer", ["ChatInterpreter", "TodoDomain", "Schedules", "Recurrence"]),
        ("JWTFuzzer", ["Authentication", "Crypto", "HTTPTypes"]),
        // The JSON layer through a thin alias (JSONLayer.swift): re-point it and this line when Shared/JSON lands.
        ("JSONFuzzer", ["JSON", "CloudEvents"]),
    ] as [(String, [Target.Dependency])]
    // A target whose folder has not landed yet (another branch) is skipped rather than breaking the manifest.
    where FileManager.default.fileExists(atPath: "\(Context.packageDirectory)/Tests/Fuzz/\(name)/main.swift") {
        targets.append(
            .executableTarget(
                name: name, dependencies: dependencies + ["CFuzzer"], path: "Tests/Fuzz/\(name)",
                swiftSettings: swiftSettings))
        products.append(.executable(name: name, targets: [name]))
    }
}

let package = Package(
    name: "todo-functions",
    platforms: [.macOS(.v15)],
    products: products,
    targets: targets
)
