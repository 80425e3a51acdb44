import Glibc

/// One `todofn` subcommand.
protocol Subcommand: Sendable {
    /// The word that selects it, e.g. `migrate`.
    static var name: String { get }
    /// One line for `todofn help`.
    static var summary: String { get }
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
            printUsage()
            return arguments.isEmpty ? 2 : 0
        }
        guard let command = subcommands.first(where: { $0.name == first }) else {
            printError("unknown command '\(first)'; run `todofn help`")
            return 2
        }
        do {
            return try await command.run(Array(arguments.dropFirst()))
        } catch let error as UsageError {
            printError(error.message)
            return 2
        } catch {
            printError("\(error)")
            return 1
        }
    }

    private static func printUsage() {
        print("usage: todofn <command> [options]\n\ncommands:")
        for command in subcommands {
            print("  " + command.name.padding(12) + command.summary)
        }
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
