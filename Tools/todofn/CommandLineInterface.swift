import Glibc

/// One `todofn` subcommand.
protocol Subcommand: Sendable {
    /// The word that selects it, e.g. `migrate`.
    static var name: String { get }
    /// One line for `todofn help`.
    static var summary: String { get }
    /// The arguments after the name in the usage line, e.g. `<function> [options]`.
    static var synopsis: String { get }
    /// Every option it accepts, for parsing (``Options``) and for `todofn <command> --help`.
    static var options: [OptionSpec] { get }
    /// Runs with the arguments after the subcommand's name; returns the exit status.
    static func run(_ arguments: [String]) async throws -> Int32
}

/// Parses the first word and runs the matching subcommand; usage errors exit 2, failures 1.
enum CommandLineInterface {
    static let subcommands: [any Subcommand.Type] = [
        UpCommand.self, MigrateCommand.self, InvokeCommand.self, TokenCommand.self, BenchActivatorCommand.self,
        RRuleCommand.self,
    ]

    static func run(_ arguments: [String]) async -> Int32 {
        guard let first = arguments.first, first != "help", first != "--help", first != "-h" else {
            if arguments.first == "help", arguments.count > 1 { return help(arguments[1]) }
            printUsage()
            return arguments.isEmpty ? 2 : 0
        }
        guard let command = subcommands.first(where: { $0.name == first }) else {
            printError("unknown command '\(first)'; commands: \(subcommands.map { $0.name }.joined(separator: ", "))")
            return 2
        }
        do {
            return try await command.run(Array(arguments.dropFirst()))
        } catch is HelpRequested {
            print(usage(of: command))
            return 0
        } catch let error as UsageError {
            printError(error.message + "\n" + "usage: todofn \(command.name) \(command.synopsis) (--help for every option)")
            return 2
        } catch {
            printError("\(error)")
            return 1
        }
    }

    private static func printUsage() {
        print("usage: todofn <command> [options]\n\ncommands:")
        for command in subcommands {
            print("  " + command.name.padding(16) + command.summary)
        }
        print("\n`todofn <command> --help` (or `todofn help <command>`) lists a command's options.")
    }

    /// `todofn help <command>`.
    private static func help(_ name: String) -> Int32 {
        guard let command = subcommands.first(where: { $0.name == name }) else {
            printError("unknown command '\(name)'; commands: \(subcommands.map { $0.name }.joined(separator: ", "))")
            return 2
        }
        print(usage(of: command))
        return 0
    }

    /// A subcommand's help: the usage line, its summary and one line per option.
    static func usage(of command: any Subcommand.Type) -> String {
        let specs = command.options + [OptionSpec(name: "--help", short: "-h", help: "print this help")]
        let width = max(18, (specs.map(\.label.count).max() ?? 0) + 2)
        var lines = ["usage: todofn \(command.name) \(command.synopsis)", "", command.summary, "", "options:"]
        lines += specs.map { "  " + $0.label.padding(width) + $0.help }
        return lines.joined(separator: "\n")
    }
}

/// A mistake in how the command was called (exit status 2).
struct UsageError: Error {
    let message: String
}

/// Writes `message` to stderr with the `todofn:` prefix.
func printError(_ message: String) {
    let bytes = Array("todofn: \(message)\n".utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
