package import HTTPTypes

/// Why a CloudEvent could not be decoded, validated or used, naming the attribute at fault.
package struct CloudEventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a growable set of constants.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case missingAttribute, invalidAttribute, unsupportedSpecVersion, invalidExtensionName
            case duplicateAttribute, invalidJSON, conflictingData, invalidData, invalidBatch
            case invalidHeaderValue, forbiddenHeader, notACloudEvent, unsupportedFormat, tooLarge
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A REQUIRED attribute is absent, empty or `null`.
        package static let missingAttribute = Code(.missingAttribute)
        /// An attribute value breaks its type's rules (time, URI, media type, integer range, string characters).
        package static let invalidAttribute = Code(.invalidAttribute)
        /// `specversion` is not `1.0`.
        package static let unsupportedSpecVersion = Code(.unsupportedSpecVersion)
        /// An extension name is not `[a-z0-9]+`, or is reserved (`data`).
        package static let invalidExtensionName = Code(.invalidExtensionName)
        /// The same attribute appears twice (a repeated JSON member or `ce-` header).
        package static let duplicateAttribute = Code(.duplicateAttribute)
        /// The body is not well-formed JSON (or not UTF-8, or nests too deep).
        package static let invalidJSON = Code(.invalidJSON)
        /// Both `data` and `data_base64` are present.
        package static let conflictingData = Code(.conflictingData)
        /// `data` cannot be read as asked (bad base64, not the requested JSON shape).
        package static let invalidData = Code(.invalidData)
        /// A batch body is not a JSON array of events, or mixes spec versions, or is too long.
        package static let invalidBatch = Code(.invalidBatch)
        /// A `ce-` header value is not valid UTF-8 after percent-decoding.
        package static let invalidHeaderValue = Code(.invalidHeaderValue)
        /// A header that the binding forbids (`ce-datacontenttype` in binary mode).
        package static let forbiddenHeader = Code(.forbiddenHeader)
        /// The HTTP message is neither structured, batched nor binary (no `ce-specversion`).
        package static let notACloudEvent = Code(.notACloudEvent)
        /// A structured format other than JSON (e.g. `application/cloudevents+avro`).
        package static let unsupportedFormat = Code(.unsupportedFormat)
        /// The message exceeds a configured size or count limit.
        package static let tooLarge = Code(.tooLarge)

        package var description: String { "\(kind)" }
    }

    /// The kind of failure.
    package var code: Code
    /// A readable message naming the attribute or position at fault.
    package var message: String
    /// The attribute at fault, when there is one.
    package var attribute: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, attribute: String? = nil) {
        self.code = code
        self.message = message
        self.attribute = attribute
    }

    package var description: String { "CloudEventError.\(code): \(message)" }

    /// The HTTP status a receiver should answer with: 415 for media types it does not take, 413 for size, else 400.
    package var httpStatus: HTTPStatus {
        switch code {
        case .notACloudEvent, .unsupportedFormat: .unsupportedMediaType
        case .tooLarge: .contentTooLarge
        default: .badRequest
        }
    }
}
