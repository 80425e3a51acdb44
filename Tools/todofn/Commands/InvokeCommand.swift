import HTTPClient
import HTTPTypes

/// `todofn invoke <function>`: sends one request to a function, with the flags and defaults of Knative's
/// `func invoke`, and prints the status and body (`-v`: the response headers too). Exits 1 on a 4xx/5xx answer
/// (func reports only transport failures for CloudEvents; here both formats fail on an error status) and on a
/// connection failure. `--user alice` (with `--admin` for the role) adds a development bearer token signed with the
/// stack's key, for the user-facing routes.
enum InvokeCommand: Subcommand {
    static let name = "invoke"
    static let summary = "send a request or CloudEvent to a function (--format, --data, --target local|URL, -v)"

    private static let valued: Set<String> = [
        "--format", "--data", "--file", "--content-type", "--type", "--source", "--id", "--target", "--path",
        "--method", "--request-type", "--timeout", "--user", "--data-dir",
    ]
    private static let shortNames = ["-f": "--format", "-t": "--target", "-p": "--path", "-v": "--verbose"]

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments.map { shortNames[$0] ?? $0 }, valued: valued, flags: ["--verbose", "--admin"])
        guard options.positional.count == 1, let function = options.positional.first else {
            throw UsageError(
                message: "usage: todofn invoke <function> [--format http|cloudevent] [--data TEXT|--file PATH] "
                    + "[--content-type T] [--type T] [--source S] [--id ID] [--target local|URL] [--path /] "
                    + "[--method POST] [--user NAME [--admin]] [-v]")
        }
        let plan = try InvocationPlan(function: function, options: options)
        let seconds = try options.value("--timeout").map { try TokenCommand.parseLifetime($0) } ?? 60
        let client = HTTPClient()
        defer { client.close() }
        let response: HTTPResponse
        do {
            response = try await client.execute(
                plan.method, url: plan.url, headers: plan.headers, body: plan.body, timeout: .seconds(seconds))
        } catch let error as HTTPClientError {
            let hint =
                plan.url.hasPrefix("http://127.0.0.1:8080") || plan.url.hasPrefix("http://127.0.0.1:3500")
                ? " (is `todofn up` running? on other ports, pass --target http://127.0.0.1:<port>)" : ""
            printError("cannot reach \(plan.url): \(error.message)\(hint)")
            return 1
        }
        print("HTTP \(response.status.code) \(response.status.reasonPhrase)")
        if options.has("--verbose") {
            for field in response.headers { print("\(field.name): \(field.value)") }
        }
        if !response.body.isEmpty {
            print("")
            print(String(decoding: response.body, as: UTF8.self))
        }
        guard response.status.code < 400 else {
            printError("failure invoking '\(plan.url)' (HTTP \(response.status.code))")
            return 1
        }
        return 0
    }
}
