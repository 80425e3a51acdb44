import EmbeddedSupervisor
import Glibc
import Testing

/// The built `todofn` as a newcomer first calls it: `--help` on the tool and on every command lists every option,
/// and an unknown option names the valid ones.
@Suite("todofn's help and usage errors")
struct CommandLineTests {
    /// Every subcommand and the options its parser accepts (kept in step with `Tools/todofn/Commands`).
    static let commands: [(name: String, options: [String])] = [
        (
            "up",
            [
                "--port", "--dapr-port", "--data-dir", "--database", "--idle-timeout", "--keep-warm", "--web", "--resources",
                "--reset", "--refresh",
            ]
        ),
        ("migrate", ["--database", "--data-dir"]),
        (
            "invoke",
            [
                "--format", "--data", "--file", "--content-type", "--type", "--source", "--id", "--target", "--path", "--method",
                "--request-type", "--timeout", "--user", "--admin", "--data-dir", "--verbose",
            ]
        ),
        ("token", ["--admin", "--ttl", "--data-dir"]),
        ("bench-activator", ["--function", "--samples"]),
    ]

    @Test("todofn --help lists every command and exits 0")
    func toolHelp() throws {
        for flag in ["--help", "-h", "help"] {
            let run = try TodofnRun([flag])
            #expect(run.status == 0)
            #expect(run.stdout.hasPrefix("usage: todofn <command>"))
            for command in Self.commands { #expect(run.stdout.contains("\n  \(command.name) "), "\(command.name)") }
        }
    }

    @Test("todofn <command> --help prints the command's usage with every option and exits 0")
    func commandHelp() throws {
        for command in Self.commands {
            for arguments in [[command.name, "--help"], [command.name, "-h"], ["help", command.name]] {
                let run = try TodofnRun(arguments)
                #expect(run.status == 0, "\(arguments)")
                #expect(run.stdout.hasPrefix("usage: todofn \(command.name) "), "\(arguments)")
                for option in command.options {
                    #expect(run.stdout.contains("\(option) ") || run.stdout.contains("\(option)\n"), "\(arguments): \(option)")
                }
            }
        }
    }

    @Test("an unknown option exits 2 and names the valid ones")
    func unknownOption() throws {
        for command in Self.commands {
            let run = try TodofnRun([command.name, "--no-such-option"])
            #expect(run.status == 2)
            #expect(run.stderr.contains("unknown option --no-such-option; valid options: "), "\(command.name)")
            for option in command.options { #expect(run.stderr.contains(option), "\(command.name): \(option)") }
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("an unknown command exits 2 and names the commands")
    func unknownCommand() throws {
        let run = try TodofnRun(["frobnicate"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown command 'frobnicate'; commands: up, migrate, invoke, token"))
    }
}

/// One run of the built `todofn` to completion, its output captured.
struct TodofnRun {
    let status: Int32
    let stdout: String
    let stderr: String

    init(_ arguments: [String]) throws {
        let executable = FunctionDefinition.executableDirectory + "/todofn"
        try #require(access(executable, X_OK) == 0, "\(executable) is missing: run `swift build` before `swift test`")
        let directory = Files.temporaryDirectory()
        defer { Files.remove(directory) }
        let out = directory + "/out"
        let err = directory + "/err"
        let pid = try Processes.spawn(executable, arguments, environment: [:], output: out, errors: err)
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        stdout = Files.text(out)
        stderr = Files.text(err)
    }
}
