// `todofn`: the command line of todo-functions (`up`, `migrate`, ...).
import Glibc

let status = await CommandLineInterface.run(Array(CommandLine.arguments.dropFirst()))
exit(status)
