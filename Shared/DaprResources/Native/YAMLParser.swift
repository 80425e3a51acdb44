internal import CYAML

/// Reads a YAML stream (one or more `---`-separated documents) into `YAMLNode` trees with libyaml's event API.
///
/// One parser owns one `yaml_parser_t`; it is used by one thread at a time and for one stream only.
/// The corresponding C functions are `yaml_parser_initialize`, `yaml_parser_parse` and `yaml_parser_delete`.
final class YAMLParser {
    /// Collections nested deeper than this are rejected, so hostile input cannot exhaust the stack of later walks.
    static let maximumDepth = 128

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let path: String

    /// Creates a parser for the file at `path` (used only in error messages).
    /// - Throws: `ResourceError` when libyaml cannot allocate its parser.
    init(path: String) throws(ResourceError) {
        self.path = path
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw ResourceError(.io, "libyaml could not allocate a parser", path: path, mark: nil)
        }
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// Parses `text` and returns one root node per document; an empty document yields a null scalar.
    /// - Throws: `ResourceError` with code `.invalidYAML` and libyaml's problem and mark.
    func documents(of text: String) throws(ResourceError) -> [YAMLNode] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(ResourceError) -> [YAMLNode] in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var builder = YAMLTreeBuilder(path: path)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else { throw parseError() }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.consume(Self.event(from: event))
            }
            return builder.documents
        }
    }

    private func parseError() -> ResourceError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown error"
        let mark = parser.pointee.problem_mark
        var message = "invalid YAML: \(problem)"
        if let context = parser.pointee.context.map({ String(cString: $0) }) {
            let contextMark = parser.pointee.context_mark
            message += " (\(context) at \(contextMark.line + 1):\(contextMark.column + 1))"
        }
        return ResourceError(.invalidYAML, message, path: path, mark: YAMLMark(line: mark.line + 1, column: mark.column + 1))
    }

    private static func event(from event: yaml_event_t) -> YAMLTreeBuilder.Event {
        let mark = YAMLMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(string(event.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text =
                scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            // A non-specific `!` tag or an explicit `!!str` makes a plain scalar a string.
            let tag = string(scalar.tag)
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == nil
            return .scalar(text, plain: plain, anchor: string(scalar.anchor), mark)
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart(anchor: string(event.data.sequence_start.anchor), mark)
        case YAML_MAPPING_START_EVENT: return .mappingStart(anchor: string(event.data.mapping_start.anchor), mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: return .collectionEnd
        default: return .ignored
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}

@available(*, unavailable) extension YAMLParser: Sendable {}
