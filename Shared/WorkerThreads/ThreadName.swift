import Glibc

/// Names threads for `ps -L`, `top -H` and `perf report --sort comm`.
package enum ThreadName {
    /// Names the calling thread `name` (cut to Linux's 15 bytes) through `/proc/thread-self/comm`, which is what
    /// `pthread_setname_np` writes (that function is not visible through Glibc); a failure keeps the inherited name.
    package static func setCurrent(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
