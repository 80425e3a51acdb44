/// The PostgreSQL schema, one migration per constant, in order.
enum PostgresMigrations {
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
            id uuid PRIMARY KEY,
            user_id text NOT NULL,
            rrule text NOT NULL,
            anchor text NOT NULL CHECK (anchor IN ('schedule', 'completion')),
            occurrences_generated bigint NOT NULL DEFAULT 0,
            end_after_count bigint,
            end_by timestamptz,
            active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE tasks (
            id uuid PRIMARY KEY,
            user_id text NOT NULL,
            title text NOT NULL,
            description text,
            status text NOT NULL CHECK (status IN ('pending', 'completed', 'deleted')),
            priority text NOT NULL CHECK (priority IN ('none', 'low', 'medium', 'high')),
            tags jsonb NOT NULL DEFAULT '[]',
            due_at timestamptz,
            time_zone text,
            remind_at timestamptz,
            recurrence_rule_id uuid REFERENCES recurrence_rules (id),
            generation_key text UNIQUE,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            completed_at timestamptz,
            version bigint NOT NULL
        );
        CREATE INDEX tasks_by_user ON tasks (user_id, created_at, id);
        CREATE INDEX tasks_by_due ON tasks (user_id, due_at) WHERE status = 'pending';
        CREATE TABLE reminders (
            id uuid PRIMARY KEY,
            task_id uuid NOT NULL REFERENCES tasks (id),
            user_id text NOT NULL,
            trigger_at timestamptz NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
            job_name text NOT NULL UNIQUE,
            delivered_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX reminders_by_task ON reminders (task_id);
        CREATE INDEX reminders_pending ON reminders (trigger_at) WHERE status = 'pending';
        """

    /// `payload` is `json`, not `jsonb`, so the stored text is the hashed text byte for byte.
    static let audit = """
        CREATE TABLE audit_entries (
            sequence bigint PRIMARY KEY,
            event_id uuid NOT NULL UNIQUE,
            type text NOT NULL,
            source text NOT NULL,
            subject text,
            actor text,
            payload json NOT NULL,
            event_time timestamptz NOT NULL,
            received_at timestamptz NOT NULL,
            previous_hash bytea NOT NULL,
            hash bytea NOT NULL
        );
        CREATE INDEX audit_by_type ON audit_entries (type, sequence);
        CREATE INDEX audit_by_actor ON audit_entries (actor, sequence);
        CREATE INDEX audit_by_time ON audit_entries (event_time);
        CREATE FUNCTION audit_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit entries are immutable (% rejected)', TG_OP;
        END;
        $$;
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_immutable();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_immutable();
        """

    static let outbox = """
        CREATE TABLE outbox (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id uuid NOT NULL UNIQUE,
            topic text NOT NULL,
            partition_key text NOT NULL,
            event_type text NOT NULL,
            payload bytea NOT NULL,
            created_at timestamptz NOT NULL,
            sent_at timestamptz,
            claimed_until timestamptz,
            claim_token uuid
        );
        CREATE INDEX outbox_unsent ON outbox (sequence) WHERE sent_at IS NULL;
        CREATE INDEX outbox_unsent_by_partition ON outbox (partition_key, sequence) WHERE sent_at IS NULL;
        """

    static let conversations = """
        CREATE TABLE conversations (
            id uuid PRIMARY KEY,
            user_id text NOT NULL,
            title text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX conversations_by_user ON conversations (user_id, updated_at);
        CREATE TABLE messages (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            conversation_id uuid NOT NULL REFERENCES conversations (id),
            user_id text NOT NULL,
            role text NOT NULL CHECK (role IN ('user', 'assistant', 'tool', 'system')),
            content text NOT NULL,
            tool_calls json,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, sequence);
        """

    /// Indexes that every task create wrote into, narrowed to the rows their queries can match, so a create
    /// (task row + outbox row) touches fewer index pages: one leaf page per user fewer for each (issue 4; the
    /// SQLite twin also rebuilds `tasks`).
    /// - `tasks_by_due` serves due-date filters, which imply `due_at IS NOT NULL`: tasks without a due date
    ///   leave it.
    /// - `outbox_unsent_by_partition` serves the claim's "an earlier row of this partition is claimed" check,
    ///   which compares `claimed_until`: rows enter it when claimed, not when written.
    static let leanerTaskCreates = """
        DROP INDEX tasks_by_due;
        CREATE INDEX tasks_by_due ON tasks (user_id, due_at) WHERE status = 'pending' AND due_at IS NOT NULL;
        DROP INDEX outbox_unsent_by_partition;
        CREATE INDEX outbox_unsent_by_partition ON outbox (partition_key, sequence)
        WHERE sent_at IS NULL AND claimed_until IS NOT NULL;
        """

    /// The audit chain's version per row: 1 for the rows written before (SHA-256 links, verified as they are), 2 for
    /// HMAC-SHA256 links under the chain key (see `SQLAuditStore`).
    static let keyedAuditChain = """
        ALTER TABLE audit_entries ADD COLUMN chain_version bigint NOT NULL DEFAULT 1;
        """

    /// Reminders relative to the due time keep their ISO 8601 duration (`before_due`), so they move with it; tasks
    /// keep their title and description folded (``SearchFolding``, computed in Swift on every write) for
    /// case- and accent-insensitive search and the title sort. Rows written before this migration are folded
    /// with the database's `lower()` (no accent folding) until their next write.
    static let remindersAndSearch = """
        ALTER TABLE reminders ADD COLUMN before_due text;
        ALTER TABLE tasks ADD COLUMN title_folded text NOT NULL DEFAULT '';
        ALTER TABLE tasks ADD COLUMN description_folded text NOT NULL DEFAULT '';
        UPDATE tasks SET title_folded = lower(title), description_folded = lower(coalesce(description, ''));
        """

    /// The event consumers (issue 15): `processed_events` holds each consumer's idempotency mark per event id,
    /// written in the transaction of the effect; reminders gain the status `fired` (reminder-fire's trigger).
    static let consumers = """
        CREATE TABLE processed_events (
            consumer text NOT NULL,
            event_id text NOT NULL,
            processed_at timestamptz NOT NULL,
            PRIMARY KEY (consumer, event_id)
        );
        ALTER TABLE reminders DROP CONSTRAINT reminders_status_check;
        ALTER TABLE reminders ADD CONSTRAINT reminders_status_check
            CHECK (status IN ('pending', 'fired', 'delivered', 'failed', 'cancelled'));
        """

    /// The chat's memory per conversation (its last list and a pending question, JSON) and each user's settings
    /// (the IANA zone the chat reads relative dates in).
    static let chatStateAndSettings = """
        ALTER TABLE conversations ADD COLUMN state text;
        CREATE TABLE user_settings (
            user_id text PRIMARY KEY,
            time_zone text,
            updated_at timestamptz NOT NULL
        );
        """
}
