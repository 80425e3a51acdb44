package import FoundationEssentials
import HTTPTypes

/// The values of a route's `{param}` segments, percent-decoded, in pattern order.
///
/// ```swift
/// let id = try context.parameters.require("id", as: UUID.self)   // 400 when absent or not a UUID
/// let user = context.parameters["user"]                           // String?
/// ```
package struct RouteParameters: Sendable, ExpressibleByDictionaryLiteral, Sequence {
    /// One parameter: its name in the pattern and its decoded value.
    package typealias Element = (name: String, value: String)

    private var elements: [Element]

    /// Creates an empty set of parameters.
    package init() { elements = [] }

    /// Creates parameters from pairs, as a test would.
    package init(dictionaryLiteral elements: (String, String)...) {
        self.elements = elements.map { (name: $0.0, value: $0.1) }
    }

    /// Appends a parameter; the router does this while matching.
    package mutating func append(name: String, value: String) {
        elements.append((name: name, value: value))
    }

    /// The number of parameters.
    package var count: Int { elements.count }

    /// Iterates the parameters in pattern order.
    package func makeIterator() -> IndexingIterator<[Element]> { elements.makeIterator() }

    /// The value of parameter `name`, or nil.
    package subscript(name: String) -> String? {
        elements.first { $0.name == name }?.value
    }

    /// The value of parameter `name`.
    /// - Throws: `HTTPError` 400 when the route has no such parameter.
    package func require(_ name: String) throws -> String {
        guard let value = self[name] else {
            throw HTTPError(.badRequest, message: "missing path parameter '\(name)'")
        }
        return value
    }

    /// The value of parameter `name` converted to `type` (`Int`, `Bool`, ...).
    /// - Throws: `HTTPError` 400 naming the parameter when it is absent or does not convert.
    package func require<Value: LosslessStringConvertible>(_ name: String, as type: Value.Type) throws -> Value {
        guard let value = Value(try require(name)) else {
            throw HTTPError(.badRequest, message: "path parameter '\(name)' is not a valid \(Value.self)")
        }
        return value
    }

    /// The value of parameter `name` as a UUID.
    /// - Throws: `HTTPError` 400 naming the parameter when it is absent or not a UUID.
    package func require(_ name: String, as type: UUID.Type) throws -> UUID {
        guard let value = UUID(uuidString: try require(name)) else {
            throw HTTPError(.badRequest, message: "path parameter '\(name)' is not a valid UUID")
        }
        return value
    }
}
