import FoundationEssentials

extension SQLAuditStore {
    /// ``AuditStore/firstKeyedSequence()`` on this backend.
    package func firstKeyedSequence() async throws -> Int64? {
        try await database.read { executor in
            try executor.query("SELECT min(sequence) FROM audit_entries WHERE chain_version = 2", []).first?.int(0)
        }
    }

    /// ``AuditStore/verifyChain(against:)`` on this backend: walks the chain in sequence order and reports the first
    /// entry that is out of place (a gap), does not link to the one before, has a link that its contents and the key
    /// do not reproduce, goes back to a keyless link after a keyed one, or differs from the signed checkpoint; then,
    /// when the chain ends before the checkpoint's sequence, the first missing entry.
    ///
    /// What it detects, so, with a checkpoint and a key the database owner does not have: a rewritten entry (its
    /// link, or the next one's), reordered entries (the sequence is in the link), deleted entries in the middle (a
    /// gap) and at the end up to the checkpoint (truncation), and a rewritten tail with recomputed links (the key).
    package func verifyChain(against checkpoint: AuditCheckpoint?) async throws -> AuditChainBreak? {
        if let checkpoint {
            guard let key = chainKey, checkpoint.isAuthentic(key: key, hasher: hasher) else {
                return AuditChainBreak(
                    sequence: checkpoint.head.sequence, eventID: nil,
                    reason: "the checkpoint of the chain's head is not signed with the chain key")
            }
        }
        var after: Int64 = 0
        var previous = Self.genesis
        var version = 1
        while true {
            let start = after
            let page = try await database.read { executor in
                try executor.query(
                    "SELECT \(Self.columns) FROM audit_entries WHERE sequence > $1 ORDER BY sequence LIMIT 2000",
                    [.int(start)]
                ).map(Self.record)
            }
            guard !page.isEmpty else { break }
            for record in page {
                if let reason = try check(record, after: after, previous: previous, version: version, checkpoint) {
                    return AuditChainBreak(sequence: record.sequence, eventID: record.entry.eventID, reason: reason)
                }
                previous = record.hash
                after = record.sequence
                version = record.chainVersion
            }
        }
        if let checkpoint, after < checkpoint.head.sequence {
            return AuditChainBreak(
                sequence: after + 1, eventID: nil,
                reason: "the chain ends at \(after) but its signed checkpoint covers \(checkpoint.head.sequence): "
                    + "entries were removed")
        }
        return nil
    }

    /// Why `record` does not follow the entry `after` (hash `previous`, chain version `version`), or nil.
    private func check(
        _ record: AuditRecord, after: Int64, previous: [UInt8], version: Int, _ checkpoint: AuditCheckpoint?
    ) throws -> String? {
        if record.sequence != after + 1 { return "sequence follows \(after): a gap" }
        if record.previousHash != previous { return "previous hash does not match the entry before" }
        if record.chainVersion < version { return "a keyless link after a keyed one" }
        if let checkpoint, record.sequence >= checkpoint.keyedFrom, record.chainVersion != 2 {
            return "a keyless link where the signed checkpoint says the chain is keyed"
        }
        guard record.chainVersion == 1 || (record.chainVersion == 2 && chainKey != nil) else {
            return "chain version \(record.chainVersion) cannot be checked without the chain key"
        }
        let expected = try AuditCanonicalForm.hash(
            record.entry, sequence: record.sequence, previous: previous, version: record.chainVersion, key: chainKey,
            hasher: hasher)
        if record.hash != expected { return "hash does not match the entry's contents" }
        if let checkpoint, record.sequence == checkpoint.head.sequence, record.hash != checkpoint.head.hash {
            return "hash differs from the signed checkpoint of the chain's head"
        }
        return nil
    }
}
