package import FoundationEssentials

/// One result row; each read returns nil for NULL and throws when the column holds something else.
package protocol SQLRow {
    /// Text.
    func string(_ index: Int) throws -> String?
    /// An integer.
    func int(_ index: Int) throws -> Int64?
    /// A boolean.
    func bool(_ index: Int) throws -> Bool?
    /// A UUID.
    func uuid(_ index: Int) throws -> UUID?
    /// An instant.
    func date(_ index: Int) throws -> Date?
    /// Bytes.
    func bytes(_ index: Int) throws -> [UInt8]?
}

extension Optional {
    /// The value, or a ``StorageError`` naming `column` when the database returned NULL.
    package func required(_ column: String) throws -> Wrapped {
        guard let self else { throw StorageError(.corruptData, message: "column \(column) is unexpectedly NULL") }
        return self
    }
}
