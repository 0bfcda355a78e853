using CpqSync.Storage.Sql;

namespace CpqSync.Storage.Sqlite;

/// <summary>The SQLite schema, version by version. Never edit a released migration: add the next one.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema", """
            CREATE TABLE connections (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              salesforce_org_id TEXT NULL,
              stripe_account_id TEXT NULL,
              configuration TEXT NOT NULL,
              secrets BLOB NULL,
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
              id INTEGER PRIMARY KEY AUTOINCREMENT,
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
              id INTEGER PRIMARY KEY AUTOINCREMENT,
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
        new(2, "encryption key check", """
            CREATE TABLE storage_key (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              key_id TEXT NOT NULL,
              recorded_at BIGINT NOT NULL
            );
            """),
        new(3, "web app accounts", """
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
        new(4, "web app sessions", """
            CREATE TABLE web_sessions (
              id TEXT PRIMARY KEY,
              user_id TEXT NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
              ticket BLOB NOT NULL,
              expires_at BIGINT NOT NULL,
              created_at BIGINT NOT NULL
            );
            CREATE INDEX web_sessions_user ON web_sessions (user_id);
            CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
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
    ];
}
