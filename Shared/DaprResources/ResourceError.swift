/// A Dapr resource file that cannot be read, parsed or validated, with the file, line and column at fault.
///
/// `description` reads like `unknown field 'sepc' at dapr/components/pubsub.yaml:3:1`.
package struct ResourceError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case io, invalidYAML, unknownField, missingField, wrongType, invalidValue, unsupportedKind, unsupportedAPIVersion
            case duplicateResource
        }
        private let value: Value

        /// The file or directory could not be read.
        package static let io = Code(value: .io)
        /// libyaml rejected the text.
        package static let invalidYAML = Code(value: .invalidYAML)
        /// A key the schema does not allow (a typo such as `sepc:`).
        package static let unknownField = Code(value: .unknownField)
        /// A field the schema requires is absent.
        package static let missingField = Code(value: .missingField)
        /// A field has the wrong YAML type (a list where a mapping belongs, a number where a string belongs).
        package static let wrongType = Code(value: .wrongType)
        /// A field has a value outside what Dapr accepts.
        package static let invalidValue = Code(value: .invalidValue)
        /// `kind` is not one of Component, Subscription, Configuration, Resiliency.
        package static let unsupportedKind = Code(value: .unsupportedKind)
        /// `apiVersion` does not match the kind.
        package static let unsupportedAPIVersion = Code(value: .unsupportedAPIVersion)
        /// Two resources of the same kind share a name.
        package static let duplicateResource = Code(value: .duplicateResource)

        /// A readable rendering.
        package var description: String { value.rawValue }
    }

    /// What kind of problem this is.
    package var code: Code
    /// What is wrong, without the location (`unknown field 'sepc'`).
    package var message: String
    /// The file, as the caller named it.
    package var path: String
    /// Where in the file, when known.
    package var mark: YAMLMark?
    /// The error that caused this one (a file-system error), if any.
    package var underlying: (any Error)?

    /// Creates an error.
    package init(_ code: Code, _ message: String, path: String, mark: YAMLMark?, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.mark = mark
        self.underlying = underlying
    }

    /// A readable rendering.
    package var description: String {
        guard let mark else { return "\(message) at \(path)" }
        return "\(message) at \(path):\(mark.line):\(mark.column)"
    }
}
