import Glibc
package import HTTPTypes
import JSON

/// Serves the files of one directory (the web client): GET and HEAD only, `/` → `index.html`, percent-decoded
/// paths whose segments may not be empty, `.`, `..` or hidden, regular files only, a content type by extension.
/// The file is opened one segment at a time below the root with `O_NOFOLLOW`, so a symbolic link inside the folder
/// (to a file or a directory, pointing in or out) is never followed: it answers 404, it cannot lead out.
package struct StaticFiles: Sendable {
    /// The directory served.
    package let root: String
    private static let maxFileBytes = 64 << 20

    /// Serves `root`.
    package init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// Whether `path` is an existing directory.
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The file for `request`, 404 when there is none, 400 for an unsafe path, 405 for other methods.
    package func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == .get || request.method == .head else {
            return .error(.methodNotAllowed, message: "static files accept GET and HEAD", headers: ["Allow": "GET, HEAD"])
        }
        guard let relative = Self.safeRelativePath(request.path) else {
            return .error(.badRequest, message: "invalid path")
        }
        let segments = relative.split(separator: "/").map(String.init)
        guard let (body, isIndex) = readBelowRoot(segments) else {
            return .error(.notFound, message: "no such file: /\(relative)")
        }
        let name = isIndex ? "index.html" : segments.last ?? "index.html"
        return HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": Self.contentType(name), "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
            ],
            body: request.method == .head ? [] : body)
    }

    /// The path relative to the root, or nil when any segment is `..`, `.`, hidden, or contains NUL or `\`.
    package static func safeRelativePath(_ path: Substring) -> String? {
        let decoded = PercentEncoding.decode(path, plusAsSpace: false)
        guard decoded.hasPrefix("/"), !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        var segments: [Substring] = []
        for segment in decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { continue }
            guard segment != ".", segment != "..", !segment.hasPrefix(".") else { return nil }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    /// The content type for a file name's extension (`application/octet-stream` when unknown).
    package static func contentType(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        switch name[name.index(after: dot)...].lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json", "map": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "ico": return "image/x-icon"
        case "webp": return "image/webp"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "txt": return "text/plain; charset=utf-8"
        case "wasm": return "application/wasm"
        case "webmanifest": return "application/manifest+json"
        default: return "application/octet-stream"
        }
    }

    /// The bytes of the file `segments` names below the root (its `index.html` when it is a directory) and whether
    /// that index was served; nil when a segment is missing, a symbolic link, or not a regular file or directory.
    private func readBelowRoot(_ segments: [String]) -> ([UInt8], Bool)? {
        var fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        for segment in segments {
            let next = openat(fd, segment, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            guard next >= 0 else { return nil }
            close(fd)
            fd = next
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return Self.readRegular(fd).map { ($0, false) } }
        let index = openat(fd, "index.html", O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard index >= 0 else { return nil }
        defer { close(index) }
        return Self.readRegular(index).map { ($0, true) }
    }

    /// The bytes of the open file `fd`, or nil (not a regular file, too large, unreadable).
    private static func readRegular(_ fd: Int32) -> [UInt8]? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= maxFileBytes else {
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }
}
