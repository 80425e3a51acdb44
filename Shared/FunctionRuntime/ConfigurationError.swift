/// Why the environment could not be read: one message per bad variable, all reported at once.
package struct ConfigurationError: Error, CustomStringConvertible {
    /// The kind of problem.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable {
            case invalidValue
            case missingValue
        }

        private let kind: Kind

        /// A variable is set to a value that does not parse or is out of range.
        package static let invalidValue = Code(kind: .invalidValue)
        /// A required variable is not set.
        package static let missingValue = Code(kind: .missingValue)

        /// The code's name.
        package var description: String { kind == .invalidValue ? "invalidValue" : "missingValue" }
    }

    /// The kind of problem.
    package var code: Code
    /// One line per bad variable, each starting with the variable's name.
    package var problems: [String]
    /// The error that caused this one, if any.
    package var underlying: (any Error)?

    /// Creates an error.
    package init(_ code: Code, problems: [String], underlying: (any Error)? = nil) {
        self.code = code
        self.problems = problems
        self.underlying = underlying
    }

    /// "invalid configuration:" followed by one indented line per problem.
    package var description: String {
        (["invalid configuration:"] + problems.map { "  \($0)" }).joined(separator: "\n")
    }
}
