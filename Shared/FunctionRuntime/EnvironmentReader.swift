import FoundationEssentials

/// Reads typed values from an environment, collecting one problem per bad variable instead of stopping at the first.
struct EnvironmentReader {
    private let environment: [String: String]
    private(set) var problems: [String] = []

    init(_ environment: [String: String]) { self.environment = environment }

    /// The variable's value, or nil when unset or empty (an empty value means "use the default").
    func string(_ key: String) -> String? {
        // Trimmed on UTF-8 indices: `drop(while:).reversed()` chains instantiate four generic types from their
        // mangled names at run time, a measurable part of a 2 ms cold start.
        guard let raw = environment[key] else { return nil }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = raw.utf8.firstIndex(where: { !isBlank($0) }),
            let last = raw.utf8.lastIndex(where: { !isBlank($0) })
        else { return nil }
        return String(raw[first...last])
    }

    /// The variable converted by `convert`, recording `"KEY: 'value' is not <expected>"` when it fails (`expected` is
    /// built only then).
    mutating func parse<Value>(
        _ key: String, expected: @autoclosure () -> String, _ convert: (String) -> Value?
    ) -> Value? {
        guard let text = string(key) else { return nil }
        guard let value = convert(text) else {
            problems.append("\(key): '\(text)' is not \(expected())")
            return nil
        }
        return value
    }

    /// An integer within `range`.
    mutating func integer(_ key: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        parse(key, expected: expected) { Int($0).flatMap { range.contains($0) ? $0 : nil } }
    }

    /// A byte count such as `1048576`, `512KiB` or `4MiB`.
    mutating func byteCount(_ key: String) -> Int? {
        parse(key, expected: "a byte count such as 1048576, 512KiB or 4MiB", EnvironmentReader.byteCount)
    }

    /// A duration such as `30s`, `500ms`, `2m` or a bare number of seconds; must be positive.
    mutating func duration(_ key: String) -> Duration? {
        parse(key, expected: "a duration such as 30s, 500ms or 2m") { text in
            let units: [(suffix: String, scale: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
            let unit = units.first { text.hasSuffix($0.suffix) } ?? ("", 1)
            guard let number = Double(text.dropLast(unit.suffix.count)), number > 0, number.isFinite else { return nil }
            return .milliseconds(Int64((number * unit.scale * 1000).rounded()))
        }
    }

    /// The Dapr HTTP base URL: `DAPR_HTTP_ENDPOINT` wins over `DAPR_HOST` + `DAPR_HTTP_PORT`.
    mutating func daprEndpoint() -> String? {
        let host = string("DAPR_HOST") ?? "127.0.0.1"
        let port = parse("DAPR_HTTP_PORT", expected: "a port number 1-65535") {
            Int($0).flatMap { 1...65535 ~= $0 ? $0 : nil }
        }
        let endpoint = parse("DAPR_HTTP_ENDPOINT", expected: "an http(s) URL such as http://dapr:3500") {
            text -> String? in
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                let urlHost = url.host(), !urlHost.isEmpty
            else { return nil }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        if let endpoint { return endpoint }
        guard port != nil || string("DAPR_HOST") != nil else { return nil }
        return "http://\(host):\(port ?? 3500)"
    }

    /// A byte count: digits with an optional `KiB`/`MiB`/`GiB` (or `K`/`M`/`G`) suffix.
    static func byteCount(_ text: String) -> Int? {
        let units: [(suffix: String, scale: Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
        ]
        let unit = units.first { text.hasSuffix($0.suffix) } ?? ("", 1)
        guard let number = Int(text.dropLast(unit.suffix.count)), number > 0 else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: unit.scale)
        return overflow ? nil : product
    }

    /// The last path component of the executable, the natural default for the function name.
    static func executableName() -> String? {
        guard let path = CommandLine.arguments.first, let name = path.split(separator: "/").last else { return nil }
        return String(name)
    }
}
