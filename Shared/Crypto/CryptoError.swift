/// A failure in the crypto layer: libcrypto refused, randomness unavailable, or an encoding did not decode.
package struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a growable set of constants.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case library, random, invalidEncoding }
        private let kind: Kind
        /// libcrypto reported a failure.
        package static let library = Code(kind: .library)
        /// The random generator could not produce bytes.
        package static let random = Code(kind: .random)
        /// Hex or base64url text was not valid.
        package static let invalidEncoding = Code(kind: .invalidEncoding)
        /// The code's name.
        package var description: String { "\(kind)" }
    }

    /// What went wrong.
    package var code: Code
    /// A readable explanation.
    package var message: String

    /// Creates an error.
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `crypto <code>: <message>`.
    package var description: String { "crypto \(code): \(message)" }
}
