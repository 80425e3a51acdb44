/// A position in a YAML file, 1-based as editors show it.
package struct YAMLMark: Sendable, Hashable, CustomStringConvertible {
    /// The line, from 1.
    package var line: Int
    /// The column, from 1.
    package var column: Int

    /// Creates a mark.
    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// A readable rendering.
    package var description: String { "\(line):\(column)" }
}
