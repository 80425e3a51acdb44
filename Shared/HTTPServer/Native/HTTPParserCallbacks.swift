internal import CHTTPParser

/// The `http_parser_settings` shared by every parser: non-capturing C callbacks that find their
/// `HTTPParserCore` through `parser.data`.
enum HTTPParserCallbacks {
    nonisolated(unsafe) static var settings: http_parser_settings = {
        var settings = http_parser_settings()
        http_parser_settings_init(&settings)
        settings.on_message_begin = { parser in
            core(parser).beginMessage()
            return 0
        }
        settings.on_url = { parser, at, length in
            let core = core(parser)
            core.url.append(contentsOf: UnsafeRawBufferPointer(start: at, count: length))
            return core.countHead(length)
        }
        settings.on_header_field = { parser, at, length in
            let core = core(parser)
            if core.lastWasValue, core.commitHeader() != 0 { return 1 }
            core.field.append(contentsOf: UnsafeRawBufferPointer(start: at, count: length))
            return core.countHead(length)
        }
        settings.on_header_value = { parser, at, length in
            let core = core(parser)
            core.lastWasValue = true
            core.value.append(contentsOf: UnsafeRawBufferPointer(start: at, count: length))
            return core.countHead(length)
        }
        settings.on_headers_complete = { parser in core(parser).headersDone() }
        settings.on_body = { parser, at, length in
            core(parser).appendBody(UnsafeRawBufferPointer(start: at, count: length))
        }
        settings.on_message_complete = { parser in core(parser).messageDone() }
        return settings
    }()

    private static func core(_ parser: UnsafeMutablePointer<http_parser>?) -> HTTPParserCore {
        // Every parser's `data` is set by `HTTPParserCore.reset()` to its owner, which outlives the call.
        Unmanaged<HTTPParserCore>.fromOpaque(parser.unsafelyUnwrapped.pointee.data).takeUnretainedValue()
    }
}
