import Glibc

/// The path of `name` next to the running `todofn` executable (the build directory holds every product).
func siblingExecutable(_ name: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return name }
    let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) + "/" + name
}

/// Runs `executable` in the foreground with extra environment and returns its exit status. Ctrl-C reaches the
/// child through the terminal's process group; this process ignores it and waits for the child's clean exit.
func runForeground(executable: String, arguments: [String] = [], environment extra: [String: String]) throws -> Int32 {
    var variables: [String] = []
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if !extra.keys.contains(where: { text.hasPrefix($0 + "=") }) { variables.append(text) }
        pointer += 1
    }
    variables += extra.map { "\($0.key)=\($0.value)" }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = variables.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let result = posix_spawn(&child, executable, nil, nil, argv, envp)
    guard result == 0 else {
        throw UsageError(message: "cannot start \(executable): \(String(cString: strerror(result)))")
    }
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, { _ in })
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 {
        if errno != EINTR { break }
        kill(child, SIGTERM)
    }
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
