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

    static let synopsis = "<function> [options]"
    static let options = [
        OptionSpec(name: "--format", short: "-f", value: "http|cloudevent", help: "request format (default http)"),
        OptionSpec(name: "--data", value: "TEXT", help: #"the body (default {"message":"Hello World"})"#),
        OptionSpec(name: "--file", value: "PATH", help: "read the body from a file instead of --data"),
        OptionSpec(name: "--content-type", value: "TYPE", help: "Content-Type of the body (default application/json)"),
        OptionSpec(name: "--type", value: "TYPE", help: "CloudEvent type (--format cloudevent; default boson.fn)"),
        OptionSpec(name: "--source", value: "URI", help: "CloudEvent source (--format cloudevent; default /boson/fn)"),
        OptionSpec(name: "--id", value: "ID", help: "CloudEvent id (--format cloudevent; default a new UUID)"),
        OptionSpec(
            name: "--target", short: "-t", value: "local|URL",
            help: "local (the stack on 8080/3500, default) or the function's base URL"),
        OptionSpec(name: "--path", short: "-p", value: "PATH", help: "request path (default /)"),
        OptionSpec(name: "--method", value: "METHOD", help: "HTTP method (default POST)"),
        OptionSpec(name: "--request-type", value: "METHOD", help: "same as --method (func's spelling)"),
        OptionSpec(name: "--timeout", value: "DURATION", help: "give up after this long, e.g. 30s (default 60s)"),
        OptionSpec(name: "--user", value: "NAME", help: "add a development bearer token for this user"),
        OptionSpec(name: "--admin", help: "with --user: the token carries the admin role"),
        OptionSpec(name: "--data-dir", value: "DIR", help: "where the stack's secrets are (default .todofn)"),
        OptionSpec(name: "--verbose", short: "-v", help: "print the response headers too"),
    ]

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments, specs: Self.options)
        guard options.positional.count == 1, let function = options.positional.first else {
            throw UsageError(message: "invoke needs exactly one function name")
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
