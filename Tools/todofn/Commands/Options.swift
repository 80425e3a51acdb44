/// `--name value` and `--flag` options after a subcommand; anything else is a positional argument.
struct Options {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// Parses `arguments`; `valued` names the options that take a value.
    /// - Throws: `UsageError` for an unknown option or a missing value.
    init(_ arguments: [String], valued: Set<String>, flags known: Set<String> = []) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if valued.contains(argument) {
                guard let value = iterator.next() else { throw UsageError(message: "\(argument) needs a value") }
                values[argument] = value
            } else if known.contains(argument) {
                flags.insert(argument)
            } else if argument.hasPrefix("--") {
                throw UsageError(message: "unknown option \(argument)")
            } else {
                positional.append(argument)
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
}
