/// One option a subcommand accepts, for parsing and for its `--help`.
struct OptionSpec: Sendable {
    /// The long name, e.g. `--data-dir`.
    let name: String
    /// The one-letter alias, e.g. `-v`, if any.
    var short: String? = nil
    /// What the value is called in the usage (`DIR`); nil for a flag that takes no value.
    var value: String? = nil
    /// One line of help.
    let help: String

    /// `-v, --verbose` or `--data-dir DIR`, as the help lists it.
    var label: String {
        (short.map { "\($0), " } ?? "") + name + (value.map { " \($0)" } ?? "")
    }
}

/// `--help` or `-h` after a subcommand: the caller prints that subcommand's help and exits 0.
struct HelpRequested: Error {}

/// `--name value` and `--flag` options after a subcommand, as its ``OptionSpec`` list declares them; anything else
/// not starting with `-` is a positional argument.
struct Options {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// Parses `arguments` against `specs`.
    /// - Throws: ``HelpRequested`` for `--help`/`-h`; `UsageError` for an unknown option (naming the valid ones) or
    ///   a missing value.
    init(_ arguments: [String], specs: [OptionSpec]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument == "--help" || argument == "-h" { throw HelpRequested() }
            if let spec = specs.first(where: { $0.name == argument || $0.short == argument }) {
                if spec.value != nil {
                    guard let value = iterator.next() else { throw UsageError(message: "\(spec.name) needs a value") }
                    values[spec.name] = value
                } else {
                    flags.insert(spec.name)
                }
            } else if argument.hasPrefix("-") && argument.count > 1 {
                throw UsageError(message: Self.unknown(argument, specs: specs))
            } else {
                positional.append(argument)
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    private static func unknown(_ argument: String, specs: [OptionSpec]) -> String {
        let valid = specs.map(\.name) + ["--help"]
        return "unknown option \(argument); valid options: \(valid.joined(separator: ", "))"
    }
}
