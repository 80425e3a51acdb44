/// `todofn token <user> [--admin] [--ttl 24h] [--data-dir DIR]`: prints a development JWT signed with the key in
/// `<data>/secrets.json` (created if missing). `todofn token --dapr` prints the token of the Dapr API on 3500 instead
/// (for `curl -H "dapr-api-token: $(todofn token --dapr)" …`).
enum TokenCommand: Subcommand {
    static let name = "token"
    static let summary = "print a development token for a user (--admin, --ttl 24h), or the Dapr API token (--dapr)"

    static let synopsis = "<user> [options] | --dapr"
    static let options = [
        OptionSpec(name: "--admin", help: "the token carries the admin role"),
        OptionSpec(name: "--ttl", value: "DURATION", help: "lifetime, e.g. 30m, 24h, 7d (default 24h)"),
        OptionSpec(name: "--data-dir", value: "DIR", help: "where secrets.json is kept (default .todofn)"),
        OptionSpec(name: "--dapr", help: "print the Dapr API token of port 3500 instead (no user)"),
    ]

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try Options(arguments, specs: Self.options)
        if options.has("--dapr") {
            guard options.positional.isEmpty else { throw UsageError(message: "usage: todofn token --dapr [--data-dir DIR]") }
            let directory = DataDirectory.from(options)
            try directory.create()
            print(try DevelopmentSecrets.loadOrCreate(in: directory).daprToken)
            return 0
        }
        guard options.positional.count == 1, let user = options.positional.first, !user.isEmpty else {
            throw UsageError(message: "usage: todofn token <user> [--admin] [--ttl 24h] [--data-dir DIR] | todofn token --dapr")
        }
        let lifetime = try parseLifetime(options.value("--ttl") ?? "24h")
        let directory = DataDirectory.from(options)
        try directory.create()
        let secrets = try DevelopmentSecrets.loadOrCreate(in: directory)
        print(try secrets.token(for: user, admin: options.has("--admin"), lifetime: lifetime))
        return 0
    }

    /// Seconds in `text`: a whole number with an optional unit `s`, `m`, `h` or `d` (e.g. `90m`, `24h`, `3600`).
    static func parseLifetime(_ text: String) throws -> Int64 {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let factor = units[last] {
            digits = digits.dropLast()
            unit = factor
        }
        guard let value = Int64(digits), value > 0, value <= 10 * 365 * 86400 / unit else {
            throw UsageError(message: "--ttl must be a positive duration such as 30m, 24h or 7d (got '\(text)')")
        }
        return value * unit
    }
}
