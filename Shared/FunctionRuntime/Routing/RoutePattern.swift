import HTTPTypes

/// A path pattern such as `/api/{user}/tasks/{id}`: literal segments and `{name}` parameters.
///
/// Empty segments are ignored on both sides, so `/tasks/` matches `/tasks`. Literal segments are compared with the
/// raw (still encoded) path; parameter values are percent-decoded.
package struct RoutePattern: Sendable, CustomStringConvertible {
    private enum Segment: Sendable {
        case literal(String)
        case parameter(String)
    }

    /// The pattern as written; it is the metrics `route` label.
    package let text: String
    private let segments: [Segment]
    private let matchesEverything: Bool

    /// Parses a pattern; `*` alone matches every path.
    package init(_ text: String) {
        self.text = text
        matchesEverything = text == "*"
        segments = text.split(separator: "/").map { segment in
            if segment.first == "{", segment.last == "}", segment.count > 2 {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .literal(String(segment))
        }
    }

    /// The pattern as written.
    package var description: String { text }

    /// The names of the pattern's parameters, in order.
    package var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// Matches `path` (no query), collecting decoded parameters into `parameters`.
    /// - Returns: whether the whole path matched; `parameters` is only meaningful when it did.
    package func match(_ path: Substring, parameters: inout RouteParameters) -> Bool {
        if matchesEverything { return true }
        var remaining = PathSegments(path)
        for segment in segments {
            guard let part = remaining.next() else { return false }
            switch segment {
            case .literal(let literal):
                guard part == literal else { return false }
            case .parameter(let name):
                let escaped = part.utf8.contains(UInt8(ascii: "%"))
                parameters.append(name: name, value: escaped ? PercentEncoding.decode(part) : String(part))
            }
        }
        return remaining.next() == nil
    }
}

/// The non-empty `/`-separated segments of a path, without allocating an array.
private struct PathSegments: IteratorProtocol {
    private let path: Substring
    private var position: Substring.Index

    init(_ path: Substring) {
        self.path = path
        position = path.startIndex
    }

    mutating func next() -> Substring? {
        // Walks UTF-8 code units: `/` is ASCII, so every index found is a valid Substring boundary.
        let bytes = path.utf8
        let slash = UInt8(ascii: "/")
        while position < bytes.endIndex, bytes[position] == slash { position = bytes.index(after: position) }
        guard position < bytes.endIndex else { return nil }
        let start = position
        while position < bytes.endIndex, bytes[position] != slash { position = bytes.index(after: position) }
        return path[start..<position]
    }
}
