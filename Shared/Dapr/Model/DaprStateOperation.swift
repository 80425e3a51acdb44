/// One operation of a state transaction (`POST /v1.0/state/{store}/transaction`).
///
/// daprd applies all or none; any failure, an ETag mismatch included, is answered 500 `ERR_STATE_TRANSACTION`
/// (never 409), which this client reports as `DaprError.Code.operationFailed`.
package struct DaprStateOperation: Sendable, Hashable {
    private enum Kind: Hashable, Sendable {
        case upsert(DaprStateItem)
        case delete(key: String, etag: String?, concurrency: DaprStateConcurrency?)
    }
    private let kind: Kind

    /// Saves an item.
    package static func upsert(_ item: DaprStateItem) -> DaprStateOperation { DaprStateOperation(kind: .upsert(item)) }

    /// Deletes a key, if its ETag matches when one is given.
    package static func delete(
        key: String, etag: String? = nil, concurrency: DaprStateConcurrency? = nil
    ) -> DaprStateOperation {
        DaprStateOperation(kind: .delete(key: key, etag: etag, concurrency: concurrency))
    }

    /// Writes `{"operation","request"}`.
    func write(to writer: inout JSONBodyWriter) {
        writer.beginObject()
        writer.key("operation")
        switch kind {
        case .upsert(let item):
            writer.string("upsert")
            writer.key("request")
            item.write(to: &writer)
        case .delete(let key, let etag, let concurrency):
            writer.string("delete")
            writer.key("request")
            writer.beginObject()
            writer.key("key")
            writer.string(key)
            if let etag {
                writer.key("etag")
                writer.string(etag)
            }
            if let concurrency {
                writer.key("options")
                writer.stringMap(["concurrency": concurrency.rawValue])
            }
            writer.endObject()
        }
        writer.endObject()
    }
}
