/// The SQLite schema, one migration per constant, in order. Instants are integer microseconds since 1970,
/// uuids lowercase text, booleans 0/1, JSON text.
enum SQLiteMigrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "tasks", sql: tasks),
        Migration(version: 2, name: "audit", sql: audit),
        Migration(version: 3, name: "outbox", sql: outbox),
        Migration(version: 4, name: "conversations", sql: conversations),
        Migration(version: 5, name: "leaner task creates", sql: leanerTaskCreates),
        Migration(version: 6, name: "keyed audit chain", sql: keyedAuditChain),
        Migration(version: 7, name: "relative reminders and folded search", sql: remindersAndSearch),
        Migration(version: 8, name: "event consumers", sql: consumers),
        Migration(version: 9, name: "chat state and user settings", sql: chatStateAndSettings),
    ]

    static let tasks = """
        CREATE TABLE recurrence_rules (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            rrule TEXT NOT NULL,
            anchor TEXT NOT NULL CHECK (anchor IN ('schedule', 'completion')),
            occurrences_generated INTEGER NOT NULL DEFAULT 0,
            end_after_count INTEGER,
            end_by INTEGER,
            active INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE tasks (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'deleted')),
            priority TEXT NOT NULL CHECK (priority IN ('none', 'low', 'medium', 'high')),
            tags TEXT NOT NULL DEFAULT '[]',
            due_at INTEGER,
            time_zone TEXT,
            remind_at INTEGER,
            recurrence_rule_id TEXT REFERENCES recurrence_rules (id),
            generation_key TEXT UNIQUE,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            completed_at INTEGER,
            version INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX tasks_by_user ON tasks (user_id, created_at, id);
        CREATE INDEX tasks_by_due ON tasks (user_id, due_at) WHERE status = 'pending';
        CREATE TABLE reminders (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            user_id TEXT NOT NULL,
            trigger_at INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
            job_name TEXT NOT NULL UNIQUE,
            delivered_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX reminders_by_task ON reminders (task_id);
        CREATE INDEX reminders_pending ON reminders (trigger_at) WHERE status = 'pending';
        """

    static let audit = """
        CREATE TABLE audit_entries (
            sequence INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            source TEXT NOT NULL,
            subject TEXT,
            actor TEXT,
            payload TEXT NOT NULL,
            event_time INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            previous_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        );
        CREATE INDEX audit_by_type ON audit_entries (type, sequence);
        CREATE INDEX audit_by_actor ON audit_entries (actor, sequence);
        CREATE INDEX audit_by_time ON audit_entries (event_time);
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are immutable (UPDATE rejected)'); END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are immutable (DELETE rejected)'); END;
        """

    static let outbox = """
        CREATE TABLE outbox (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            partition_key TEXT NOT NULL,
            event_type TEXT NOT NULL,
            payload BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            sent_at INTEGER,
            claimed_until INTEGER,
            claim_token TEXT
        );
        CREATE INDEX outbox_unsent ON outbox (sequence) WHERE sent_at IS NULL;
        CREATE INDEX outbox_unsent_by_partition ON outbox (partition_key, sequence) WHERE sent_at IS NULL;
        """

    static let conversations = """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            title TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX conversations_by_user ON conversations (user_id, updated_at);
        CREATE TABLE messages (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            conversation_id TEXT NOT NULL REFERENCES conversations (id),
            user_id TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool', 'system')),
            content TEXT NOT NULL,
            tool_calls TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, sequence);
        """

    /// A task create (task row + outbox row) on the single writer touches fewer pages and does less work
    /// (issue 4):
    /// - `tasks` is rebuilt with its CHECKs written as `=`/`OR` chains (SQLite evaluates a three-value `IN`
    ///   by building a temporary b-tree on every insert) and with `generation_key` unique only where it is set
    ///   (a partial unique index: tasks without a key no longer share one index entry each). `reminders`, which
    ///   references `tasks`, is copied aside and back so foreign keys stay enforced throughout.
    /// - `tasks_by_due` serves due-date filters, which imply `due_at IS NOT NULL`: tasks without a due date
    ///   leave it.
    /// - `outbox` is rebuilt without `AUTOINCREMENT`, which updated `sqlite_sequence` (one more page) on every
    ///   insert. `sequence` stays the rowid, one above the largest: still increasing, since outbox rows are
    ///   never deleted.
    /// - `outbox_unsent_by_partition` serves the claim's "an earlier row of this partition is claimed" check,
    ///   which compares `claimed_until`: rows enter it when claimed, not when written.
    static let leanerTaskCreates = """
        CREATE TABLE tasks_rebuilt (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT,
            status TEXT NOT NULL CHECK (status = 'pending' OR status = 'completed' OR status = 'deleted'),
            priority TEXT NOT NULL
                CHECK (priority = 'none' OR priority = 'low' OR priority = 'medium' OR priority = 'high'),
            tags TEXT NOT NULL DEFAULT '[]',
            due_at INTEGER,
            time_zone TEXT,
            remind_at INTEGER,
            recurrence_rule_id TEXT REFERENCES recurrence_rules (id),
            generation_key TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            completed_at INTEGER,
            version INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO tasks_rebuilt (
            id, user_id, title, description, status, priority, tags, due_at, time_zone, remind_at,
            recurrence_rule_id, generation_key, created_at, updated_at, completed_at, version)
        SELECT id, user_id, title, description, status, priority, tags, due_at, time_zone, remind_at,
            recurrence_rule_id, generation_key, created_at, updated_at, completed_at, version FROM tasks;
        CREATE TABLE reminders_during_5 AS SELECT * FROM reminders;
        DELETE FROM reminders;
        DROP TABLE tasks;
        ALTER TABLE tasks_rebuilt RENAME TO tasks;
        INSERT INTO reminders SELECT * FROM reminders_during_5;
        DROP TABLE reminders_during_5;
        CREATE UNIQUE INDEX tasks_by_generation_key ON tasks (generation_key) WHERE generation_key IS NOT NULL;
        CREATE INDEX tasks_by_user ON tasks (user_id, created_at, id);
        CREATE INDEX tasks_by_due ON tasks (user_id, due_at) WHERE status = 'pending' AND due_at IS NOT NULL;
        CREATE TABLE outbox_rebuilt (
            sequence INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            partition_key TEXT NOT NULL,
            event_type TEXT NOT NULL,
            payload BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            sent_at INTEGER,
            claimed_until INTEGER,
            claim_token TEXT
        );
        INSERT INTO outbox_rebuilt (
            sequence, event_id, topic, partition_key, event_type, payload, created_at, sent_at, claimed_until,
            claim_token)
        SELECT sequence, event_id, topic, partition_key, event_type, payload, created_at, sent_at, claimed_until,
            claim_token FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_rebuilt RENAME TO outbox;
        DELETE FROM sqlite_sequence WHERE name = 'outbox';
        CREATE INDEX outbox_unsent ON outbox (sequence) WHERE sent_at IS NULL;
        CREATE INDEX outbox_unsent_by_partition ON outbox (partition_key, sequence)
        WHERE sent_at IS NULL AND claimed_until IS NOT NULL;
        """

    /// The audit chain's version per row: 1 for the rows written before (SHA-256 links, verified as they are), 2 for
    /// HMAC-SHA256 links under the chain key (see `SQLAuditStore`).
    static let keyedAuditChain = """
        ALTER TABLE audit_entries ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
        """

    /// Reminders relative to the due time keep their ISO 8601 duration (`before_due`), so they move with it; tasks
    /// keep their title and description folded (``SearchFolding``, computed in Swift on every write) for
    /// case- and accent-insensitive search and the title sort. Rows written before this migration are folded
    /// with the database's `lower()` (no accent folding) until their next write.
    static let remindersAndSearch = """
        ALTER TABLE reminders ADD COLUMN before_due TEXT;
        ALTER TABLE tasks ADD COLUMN title_folded TEXT NOT NULL DEFAULT '';
        ALTER TABLE tasks ADD COLUMN description_folded TEXT NOT NULL DEFAULT '';
        UPDATE tasks SET title_folded = lower(title), description_folded = lower(coalesce(description, ''));
        """

    /// The event consumers (issue 15): `processed_events` holds each consumer's idempotency mark per event id,
    /// written in the transaction of the effect; reminders gain the status `fired` (reminder-fire's trigger), so
    /// `reminders` is rebuilt with the wider CHECK (nothing references it).
    static let consumers = """
        CREATE TABLE processed_events (
            consumer TEXT NOT NULL,
            event_id TEXT NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (consumer, event_id)
        ) WITHOUT ROWID;
        CREATE TABLE reminders_rebuilt (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            user_id TEXT NOT NULL,
            trigger_at INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (
                status = 'pending' OR status = 'fired' OR status = 'delivered' OR status = 'failed'
                OR status = 'cancelled'),
            job_name TEXT NOT NULL UNIQUE,
            delivered_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            before_due TEXT
        );
        INSERT INTO reminders_rebuilt (
            id, task_id, user_id, trigger_at, status, job_name, delivered_at, created_at, updated_at, before_due)
        SELECT id, task_id, user_id, trigger_at, status, job_name, delivered_at, created_at, updated_at, before_due
        FROM reminders;
        DROP TABLE reminders;
        ALTER TABLE reminders_rebuilt RENAME TO reminders;
        CREATE INDEX reminders_by_task ON reminders (task_id);
        CREATE INDEX reminders_pending ON reminders (trigger_at) WHERE status = 'pending';
        """

    /// The chat's memory per conversation (its last list and a pending question, JSON) and each user's settings
    /// (the IANA zone the chat reads relative dates in).
    static let chatStateAndSettings = """
        ALTER TABLE conversations ADD COLUMN state TEXT;
        CREATE TABLE user_settings (
            user_id TEXT PRIMARY KEY,
            time_zone TEXT,
            updated_at INTEGER NOT NULL
        );
        """
}
