/// The extension attributes of an event, in insertion order, looked up by name.
///
/// A small array rather than a dictionary: events carry a handful of extensions, and a linear scan over a few
/// short names is cheaper than hashing them on every decode. Equality ignores order.
package struct CloudEventExtensions: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One extension attribute.
    package struct Element: Sendable, Hashable {
        /// The attribute name (`[a-z0-9]+` when valid).
        package var name: String
        /// The typed value.
        package var value: CloudEventAttributeValue
    }

    private var elements: [Element] = []

    /// Creates an empty set.
    package init() {}

    /// Creates a set from literal pairs; a repeated name keeps its last value.
    package init(dictionaryLiteral pairs: (String, CloudEventAttributeValue)...) {
        for (name, value) in pairs { self[name] = value }
    }

    /// The number of extensions.
    package var count: Int { elements.count }
    /// Whether there are none.
    package var isEmpty: Bool { elements.isEmpty }
    /// The names, in insertion order.
    package var names: [String] { elements.map(\.name) }

    /// The value for `name`; setting nil removes it, setting a new name appends it.
    package subscript(name: String) -> CloudEventAttributeValue? {
        get { elements.first { $0.name == name }?.value }
        set {
            if let index = elements.firstIndex(where: { $0.name == name }) {
                if let newValue { elements[index].value = newValue } else { elements.remove(at: index) }
            } else if let newValue {
                elements.append(Element(name: name, value: newValue))
            }
        }
    }

    /// Whether an extension named `name` is present (compares lengths before bytes).
    package func contains(_ name: String) -> Bool {
        let length = name.utf8.count
        return elements.contains { $0.name.utf8.count == length && $0.name == name }
    }

    /// Reserves room for `count` extensions (the JSON reader reserves 8, enough for Dapr's five and ours).
    mutating func reserveCapacity(_ count: Int) { elements.reserveCapacity(count) }

    /// Appends without looking for an existing entry; the decoders check for duplicates themselves.
    mutating func appendUnchecked(_ name: String, _ value: CloudEventAttributeValue) {
        elements.append(Element(name: name, value: value))
    }

    package func makeIterator() -> IndexingIterator<[Element]> { elements.makeIterator() }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.elements.allSatisfy { rhs[$0.name] == $0.value }
    }
}
