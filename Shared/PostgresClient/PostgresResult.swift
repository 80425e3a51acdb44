/// What a statement returned: its rows and the number of rows it affected.
package struct PostgresResult: Sendable {
    /// The result rows; empty for commands without RETURNING.
    package var rows: [PostgresRow]
    /// The count from the command tag (`INSERT 0 3` → 3).
    package var affectedRows: Int
}
