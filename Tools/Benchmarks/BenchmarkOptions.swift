import Glibc

/// Which benchmark groups to run and where the binaries are:
/// `todofn-bench [group ...] [--seconds N] [--relay-seconds N]`.
struct BenchmarkOptions {
    var groups: Set<String> = []
    var seconds = 5
    /// How long the relay's sustained row runs (issue 11 asks for 60 s).
    var relaySeconds = 60
    var binDirectory = "."
    var referenceDirectory = "Tools/Benchmarks/Reference"

    /// Whether `group` was asked for (no groups named means all).
    func runs(_ group: String) -> Bool { groups.isEmpty || groups.contains(group) }

    static func fromArguments(_ arguments: [String]) -> BenchmarkOptions {
        var options = BenchmarkOptions()
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            if argument == "--seconds", let value = iterator.next(), let seconds = Int(value) {
                options.seconds = seconds
            } else if argument == "--relay-seconds", let value = iterator.next(), let seconds = Int(value) {
                options.relaySeconds = seconds
            } else {
                options.groups.insert(argument)
            }
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            options.binDirectory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        }
        return options
    }
}

/// The value of environment variable `name`, or nil when unset or empty.
func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
}
