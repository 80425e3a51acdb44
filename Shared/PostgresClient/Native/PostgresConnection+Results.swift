internal import CPostgres

/// Reading libpq's answers: success or the typed error, and a result's rows as Swift values.
extension PostgresConnection {
    /// Throws unless `result` is a success. The corresponding C function is `PQresultStatus`.
    func check(_ result: OpaquePointer?) throws(PostgresError) {
        guard let result else { throw connectionError() }
        switch pq.pointee.PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_PIPELINE_SYNC: return
        default: throw error(from: result)
        }
    }

    /// The typed error for a failed `result`, noting whether the connection went down with it.
    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            guard let value = pq.pointee.PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let lost = !isHealthy
        guard let sqlState = field(UInt8(ascii: "C")) else {
            var error = connectionError()
            if !lost, let message = pq.pointee.PQresultErrorMessage(result) {
                error = PostgresError(.protocolViolation, message: Self.trimmed(message))
            }
            return error
        }
        var code = PostgresError.Code(sqlState: sqlState)
        if lost, code != .adminShutdown { code = .connectionFailure }
        return PostgresError(
            code, sqlState: sqlState, message: field(UInt8(ascii: "M")) ?? "unknown error",
            detail: field(UInt8(ascii: "D")), constraint: field(UInt8(ascii: "n")), connectionLost: lost)
    }

    /// The error for a call that produced no result, typically a lost connection.
    func connectionError() -> PostgresError {
        let message = Self.trimmed(pq.pointee.PQerrorMessage(pointer))
        return PostgresError(
            isHealthy ? .protocolViolation : .connectionFailure,
            message: message.isEmpty ? "no result from libpq" : message, connectionLost: !isHealthy)
    }

    /// Copies a result's rows into Swift values. The corresponding C function is `PQgetvalue`.
    func read(_ result: OpaquePointer?) -> PostgresResult {
        guard let result else { return PostgresResult(rows: [], affectedRows: 0) }
        let rowCount = Int(pq.pointee.PQntuples(result))
        let columnCount = Int(pq.pointee.PQnfields(result))
        let columns = (0..<columnCount).map { Self.string(pq.pointee.PQfname(result, Int32($0))) }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                values.append(
                    pq.pointee.PQgetisnull(result, row, column) == 1
                        ? nil : Self.string(pq.pointee.PQgetvalue(result, row, column)))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let affected = Int(Self.string(pq.pointee.PQcmdTuples(result))) ?? 0
        return PostgresResult(rows: rows, affectedRows: affected)
    }

    /// The text at `pointer` (libpq's strings are owned by their result), "" for NULL.
    static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        var text = String(cString: message)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
