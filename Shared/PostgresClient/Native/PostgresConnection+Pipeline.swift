internal import CPostgres

extension PostgresConnection {
    /// Runs the prepared statement `sql` once per bind list in libpq pipeline mode: the statements go out
    /// without waiting for each reply, in chunks of `chunkSize` each closed by a sync point.
    ///
    /// Run it inside ``withTransaction(isolation:_:)`` for all-or-nothing; outside a transaction each chunk
    /// commits on its own. The first failure aborts the rest of its chunk and is thrown.
    /// - Parameters:
    ///   - sql: one statement with `$n` parameters.
    ///   - rows: one bind list per execution.
    ///   - chunkSize: statements per sync point (bounds what sits in socket buffers).
    /// - Returns: the total affected-row count.
    /// - Throws: ``PostgresError``.
    /// The corresponding C functions are `PQenterPipelineMode`, `PQsendQueryPrepared` and `PQpipelineSync`.
    @discardableResult
    package func pipeline(_ sql: String, _ rows: [[PostgresData]], chunkSize: Int = 1000) throws(PostgresError)
        -> Int
    {
        guard !rows.isEmpty else { return 0 }
        try flushBegin()
        let name = try prepared(sql)
        guard pq.pointee.PQenterPipelineMode(pointer) == 1 else { throw connectionError() }
        defer { _ = pq.pointee.PQexitPipelineMode(pointer) }
        var affected = 0
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + chunkSize, rows.count)]
            for binds in chunk {
                let sent = withParameters(binds) { values, lengths, formats in
                    pq.pointee.PQsendQueryPrepared(pointer, name, Int32(binds.count), values, lengths, formats, 0)
                }
                guard sent == 1 else { throw connectionError() }
            }
            guard pq.pointee.PQpipelineSync(pointer) == 1 else { throw connectionError() }
            affected += try collect().reduce(0) { $0 + $1.affectedRows }
            start += chunkSize
        }
        return affected
    }

    /// Reads results up to and including the next sync point; returns one result per statement, throws the first
    /// error.
    func collect() throws(PostgresError) -> [PostgresResult] {
        var results: [PostgresResult] = []
        var firstError: PostgresError?
        while true {
            guard let result = pq.pointee.PQgetResult(pointer) else {
                // NULL ends one statement's results; a NULL with a dead connection means no sync will come.
                if !isHealthy { throw firstError ?? connectionError() }
                continue
            }
            defer { pq.pointee.PQclear(result) }
            switch pq.pointee.PQresultStatus(result) {
            case PGRES_PIPELINE_SYNC:
                if let firstError { throw firstError }
                return results
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                results.append(read(result))
            case PGRES_PIPELINE_ABORTED:
                continue
            default:
                if firstError == nil { firstError = error(from: result) }
                if !isHealthy { throw firstError ?? connectionError() }
            }
        }
    }
}
