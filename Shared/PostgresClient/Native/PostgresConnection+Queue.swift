internal import CPostgres

/// Statements queued in a transaction and sent with the next one whose answer is needed (issue 13): a write whose
/// result nobody reads (a chat turn's messages, an outbox row) costs no round trip of its own; it goes out in one
/// pipeline with the deferred BEGIN, the next query, or the COMMIT.
extension PostgresConnection {
    /// A statement in a pipeline.
    enum PipelinedStatement {
        /// A statement without parameters (`BEGIN`, `COMMIT`).
        case simple(String)
        /// A prepared statement (its name) with its binds.
        case prepared(String, [PostgresData])
    }

    /// Queues `sql` with `binds` in the open transaction (inside ``withTransaction(isolation:_:)``): it is sent, in
    /// order, with the next statement whose result is read or with the COMMIT, and its error is thrown there (the
    /// transaction then rolls back). Outside a transaction it runs at once.
    /// - Throws: ``PostgresError`` from preparing `sql` (or running it, outside a transaction).
    package func enqueue(_ sql: String, _ binds: [PostgresData]) throws(PostgresError) {
        guard pendingBegin != nil || isInTransaction else {
            try query(sql, binds)
            return
        }
        queued.append((name: try prepared(sql), binds: binds))
    }

    /// How many statements wait in the queue.
    package var queuedCount: Int { queued.count }

    /// Sends the deferred BEGIN, the queued statements and `last` in one pipeline and one sync point (one round trip).
    /// - Returns: `last`'s result (an empty one when there is no `last`).
    /// - Throws: the first statement's error (the later ones are skipped by the server).
    func sendPending(then last: PipelinedStatement?) throws(PostgresError) -> PostgresResult {
        var statements: [PipelinedStatement] = []
        if let begin = pendingBegin { statements.append(.simple(begin)) }
        statements += queued.map { .prepared($0.name, $0.binds) }
        if let last { statements.append(last) }
        pendingBegin = nil
        queued.removeAll()
        guard pq.pointee.PQenterPipelineMode(pointer) == 1 else { throw connectionError() }
        defer { _ = pq.pointee.PQexitPipelineMode(pointer) }
        for statement in statements {
            let sent: Int32
            switch statement {
            case .simple(let sql):
                sent = pq.pointee.PQsendQueryParams(pointer, sql, 0, nil, nil, nil, nil, 0)
            case .prepared(let name, let binds):
                sent = withParameters(binds) { values, lengths, formats in
                    pq.pointee.PQsendQueryPrepared(pointer, name, Int32(binds.count), values, lengths, formats, 0)
                }
            }
            guard sent == 1 else { throw connectionError() }
        }
        guard pq.pointee.PQpipelineSync(pointer) == 1 else { throw connectionError() }
        let results = try collect()
        guard results.count == statements.count else {
            throw PostgresError(
                .protocolViolation, message: "expected \(statements.count) results in a pipeline, got \(results.count)")
        }
        return last == nil ? PostgresResult(rows: [], affectedRows: 0) : results[results.count - 1]
    }
}
