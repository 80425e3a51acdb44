/// Why a JWT was rejected.
package struct JWTError: Error, CustomStringConvertible, Sendable {
    /// The reason, as a growable set of constants.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case malformed, badSignature, expired, notYetValid, wrongAlgorithm, missingExpiry
        }
        private let kind: Kind
        /// Not three base64url parts, or a header or payload that is not the expected JSON.
        package static let malformed = Code(kind: .malformed)
        /// The signature does not match the header and payload under the key.
        package static let badSignature = Code(kind: .badSignature)
        /// `exp` is in the past.
        package static let expired = Code(kind: .expired)
        /// `nbf` is in the future, or `iat` is further in the future than clock skew explains.
        package static let notYetValid = Code(kind: .notYetValid)
        /// There is no `exp`: a token that never expires is refused (issue 11).
        package static let missingExpiry = Code(kind: .missingExpiry)
        /// `alg` is not `HS256` (including `none`).
        package static let wrongAlgorithm = Code(kind: .wrongAlgorithm)
        /// The code's name.
        package var description: String { "\(kind)" }
    }

    /// The reason.
    package var code: Code
    /// A readable explanation, safe to return to the client (it never contains the key).
    package var message: String

    /// Creates an error.
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `JWT <code>: <message>`.
    package var description: String { "JWT \(code): \(message)" }
}
