namespace CpqSync.Storage.Sql;

/// <summary>
/// The store's schema, version by version, for both backends: one text per migration, with the two column types that
/// differ (<see cref="ColumnTypes"/>) filled in by each dialect. Never edit a released migration: add the next one.
/// </summary>
/// <remarks>Times are Unix milliseconds (BIGINT) on both backends, so they share their queries.</remarks>
internal static class StoreMigrations
{
    public static IReadOnlyList<Migration> For(ColumnTypes types) =>
    [
        new(1, "initial schema", $"""
            CREATE TABLE connections (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              salesforce_org_id TEXT NULL,
              stripe_account_id TEXT NULL,
              configuration TEXT NOT NULL,
              secrets {types.Binary} NULL,
              version BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL
            );

            CREATE TABLE id_map (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              salesforce_object TEXT NOT NULL,
              salesforce_id TEXT NOT NULL,
              stripe_object TEXT NOT NULL,
              stripe_id TEXT NOT NULL,
              content_hash TEXT NULL,
              synced_at BIGINT NOT NULL,
              PRIMARY KEY (connection_id, salesforce_object, salesforce_id, stripe_object),
              UNIQUE (connection_id, stripe_object, stripe_id)
            );

            CREATE TABLE change_cursors (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              object_name TEXT NOT NULL,
              high_water_mark BIGINT NOT NULL,
              ids_at_high_water_mark TEXT NOT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (connection_id, object_name)
            );

            CREATE TABLE work_items (
              id {types.IdentityKey},
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              kind TEXT NOT NULL,
              object_name TEXT NOT NULL,
              record_id TEXT NOT NULL,
              ordering_key TEXT NOT NULL,
              payload TEXT NULL,
              state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'parked')),
              visible_at BIGINT NOT NULL,
              attempts INTEGER NOT NULL,
              lease_token TEXT NULL,
              leased_by TEXT NULL,
              enqueued_at BIGINT NOT NULL,
              error_code TEXT NULL,
              last_error TEXT NULL,
              parked_at BIGINT NULL
            );
            CREATE UNIQUE INDEX work_items_one_pending_per_record ON work_items (connection_id, kind, object_name, record_id)
              WHERE state = 'pending';
            CREATE INDEX work_items_due ON work_items (visible_at, id);
            CREATE INDEX work_items_ordering ON work_items (connection_id, ordering_key, id);

            CREATE TABLE sync_outcomes (
              id {types.IdentityKey},
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              object_type TEXT NOT NULL,
              record_id TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('Success', 'Error', 'Resolved', 'Skipped')),
              error_code TEXT NULL,
              message TEXT NULL,
              stripe_ids TEXT NOT NULL,
              started_at BIGINT NOT NULL,
              finished_at BIGINT NOT NULL,
              work_item_id BIGINT NULL,
              attempt INTEGER NOT NULL,
              salesforce_sync_record_id TEXT NULL,
              awaiting_write_back INTEGER NOT NULL
            );
            CREATE INDEX sync_outcomes_finished ON sync_outcomes (finished_at);
            CREATE INDEX sync_outcomes_record ON sync_outcomes (connection_id, object_type, record_id);
            CREATE INDEX sync_outcomes_write_back ON sync_outcomes (connection_id, id) WHERE awaiting_write_back = 1;
            """),
        new(2, "encryption key check", $"""
            CREATE TABLE storage_key (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              key_id TEXT NOT NULL,
              recorded_at BIGINT NOT NULL
            );
            """),
        new(3, "web app accounts", $"""
            CREATE TABLE web_users (
              id TEXT PRIMARY KEY,
              user_name TEXT NOT NULL,
              normalized_name TEXT NOT NULL UNIQUE,
              password_hash TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('Admin', 'ReadOnly')),
              first_user INTEGER NOT NULL,
              created_at BIGINT NOT NULL
            );
            CREATE UNIQUE INDEX web_users_one_first_user ON web_users (first_user) WHERE first_user = 1;
            """),
        new(4, "web app sessions", $"""
            CREATE TABLE web_sessions (
              id TEXT PRIMARY KEY,
              user_id TEXT NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
              ticket {types.Binary} NOT NULL,
              expires_at BIGINT NOT NULL,
              created_at BIGINT NOT NULL
            );
            CREATE INDEX web_sessions_user ON web_sessions (user_id);
            CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
            """),
        new(5, "synced content in a table of its own", $"""
            CREATE TABLE synced_content (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              salesforce_object TEXT NOT NULL,
              salesforce_id TEXT NOT NULL,
              content_hash TEXT NOT NULL,
              refused_with TEXT NULL,
              synced_at BIGINT NOT NULL,
              PRIMARY KEY (connection_id, salesforce_object, salesforce_id)
            );

            INSERT INTO synced_content (connection_id, salesforce_object, salesforce_id, content_hash, refused_with, synced_at)
            SELECT connection_id, salesforce_object, salesforce_id,
                   {types.BeforeFirstSpace("content_hash")},
                   {types.AfterFirstSpace("content_hash")},
                   synced_at
            FROM id_map
            WHERE stripe_object = 'cpqsync_synced_content' AND content_hash IS NOT NULL AND content_hash <> '';

            DELETE FROM id_map WHERE stripe_object = 'cpqsync_synced_content';
            """),
        new(6, "sync attempts and what CpqSync last sent to Stripe objects", """
            CREATE TABLE sync_attempts (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              record_id TEXT NOT NULL,
              creates TEXT NOT NULL,
              started_at BIGINT NOT NULL,
              PRIMARY KEY (connection_id, record_id)
            );

            CREATE TABLE stripe_objects (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              stripe_id TEXT NOT NULL,
              fields_hash TEXT NULL,
              test_clock TEXT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (connection_id, stripe_id)
            );
            """),
        new(8, "shared rate budgets", """
            CREATE TABLE rate_budgets (
              budget TEXT PRIMARY KEY,
              micro_tokens BIGINT NOT NULL,
              refilled_at BIGINT NOT NULL
            );
            """),
        new(9, "indexes for the web app's lists", """
            CREATE INDEX id_map_stripe_id ON id_map (connection_id, stripe_id);
            CREATE INDEX work_items_record ON work_items (connection_id, object_name, record_id);
            CREATE INDEX sync_outcomes_connection ON sync_outcomes (connection_id, id);
            CREATE INDEX sync_outcomes_status ON sync_outcomes (connection_id, status, id);
            CREATE INDEX sync_outcomes_object ON sync_outcomes (connection_id, object_type, id);
            CREATE INDEX sync_outcomes_object_status ON sync_outcomes (connection_id, object_type, status, id);
            CREATE INDEX sync_outcomes_connection_finished ON sync_outcomes (connection_id, finished_at);
            """),
        new(10, "change event replay ids", """
            CREATE TABLE change_event_replays (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              topic TEXT NOT NULL,
              replay_id TEXT NOT NULL,
              read_up_to BIGINT NOT NULL,
              PRIMARY KEY (connection_id, topic)
            );
            """),
        new(11, "sync records kept per record, so a write-back needs no query", """
            CREATE TABLE sync_record_rows (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              primary_id TEXT NOT NULL,
              compound_id TEXT NOT NULL,
              salesforce_id TEXT NULL,
              status TEXT NOT NULL,
              completed_at TEXT NOT NULL,
              PRIMARY KEY (connection_id, compound_id)
            );
            CREATE INDEX sync_record_rows_primary ON sync_record_rows (connection_id, primary_id);

            CREATE TABLE sync_records_unknown (
              connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
              primary_id TEXT NOT NULL,
              PRIMARY KEY (connection_id, primary_id)
            );

            INSERT INTO sync_records_unknown (connection_id, primary_id)
            SELECT DISTINCT connection_id, record_id FROM sync_outcomes;
            """),
    ];
}

/// <summary>What SQLite and PostgreSQL spell differently in the schema's DDL.</summary>
/// <param name="Binary">Bytes: <c>BLOB</c> or <c>BYTEA</c>.</param>
/// <param name="IdentityKey">An auto-numbered 64-bit primary key.</param>
/// <param name="BeforeFirstSpace">A text column's value up to its first space (all of it when it has none).</param>
/// <param name="AfterFirstSpace">A text column's value after its first space; NULL when it has none.</param>
internal sealed record ColumnTypes(
    string Binary, string IdentityKey, Func<string, string> BeforeFirstSpace, Func<string, string> AfterFirstSpace);
