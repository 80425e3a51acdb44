import FunctionRuntime
import Glibc
package import HTTPTypes

/// Serves the files of one directory (the web client): GET and HEAD only, `/` → `index.html`, percent-decoded
/// paths whose segments may not be empty, `.`, `..` or hidden, regular files only, a content type by extension.
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
        var path = root + "/" + (relative.isEmpty ? "index.html" : relative)
        if Self.isDirectory(path) { path += "/index.html" }
        guard let body = Self.readFile(path) else { return .error(.notFound, message: "no such file: /\(relative)") }
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": Self.contentType(path), "Cache-Control": "no-cache"],
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

    /// The bytes of the regular file at `path`, or nil (missing, not a regular file, too large, unreadable).
    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
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
