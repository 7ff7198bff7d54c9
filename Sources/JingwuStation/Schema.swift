import Foundation

/// The station's schema, versioned: `jingwu.schema_migrations` lists the migrations applied.
/// `station init` applies the missing ones in one transaction; re-running it is a no-op; a
/// database whose schema is newer than this program knows is refused, never touched.
public enum StationSchema {
    /// One step of the schema.
    public struct Migration: Sendable {
        public var version: Int
        public var description: String
        public var sql: String
    }

    /// Every migration this program knows, in order. Never edit a released one: add the next.
    public static let migrations: [Migration] = [
        Migration(version: 1, description: "records, journals, conflicts; records append-only", sql: #"""
            CREATE TABLE jingwu.journals (
                journal_id uuid PRIMARY KEY,
                station text NOT NULL,
                office text NOT NULL,
                created timestamptz NOT NULL,
                -- The station's head for this journal: -1 and 64 zeros before record 0 is held.
                head_seq bigint NOT NULL CHECK (head_seq >= -1),
                head_hash text NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
                -- Where the head record's line ends in the office's file (newline included): the
                -- next sync checks that line against the station's copy and scans only what follows.
                head_offset bigint,
                first_synced timestamptz NOT NULL DEFAULT now(),
                last_synced timestamptz NOT NULL DEFAULT now(),
                last_sync_records bigint NOT NULL DEFAULT 0
            );
            CREATE TABLE jingwu.records (
                -- No foreign key to jingwu.journals: a per-row check would double the cost of a
                -- sync; each batch's transaction inserts the journal's row before its records.
                journal_id uuid NOT NULL,
                seq bigint NOT NULL CHECK (seq >= 0),
                event_id uuid NOT NULL UNIQUE,
                office text NOT NULL,
                type text NOT NULL,
                v integer NOT NULL,
                at timestamptz NOT NULL,
                recorded timestamptz NOT NULL,
                by text NOT NULL,
                -- The record's data for queries; NULL only when jsonb cannot hold it (a \u0000 escape).
                data jsonb,
                hash text NOT NULL CHECK (octet_length(hash) = 64),
                -- The line exactly as written in the office's journal, without its newline.
                line bytea NOT NULL,
                received timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (journal_id, seq)
            );
            -- Indexes for the station's reports come with the reports (a later migration): each
            -- one costs every sync.
            CREATE TABLE jingwu.conflicts (
                id bigserial PRIMARY KEY,
                journal_id uuid NOT NULL REFERENCES jingwu.journals,
                office text NOT NULL,
                detected timestamptz NOT NULL DEFAULT now(),
                -- rewritten: a record up to the station's head differs; truncated: the journal ends before it.
                kind text NOT NULL CHECK (kind IN ('rewritten', 'truncated')),
                first_differing_seq bigint NOT NULL,
                station_head_seq bigint NOT NULL,
                station_head_hash text NOT NULL,
                office_head_seq bigint NOT NULL,
                office_head_hash text NOT NULL
            );
            CREATE FUNCTION jingwu.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'jingwu: % on %.% refused: the station keeps records append-only',
                    TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END
            $$;
            CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON jingwu.records
                FOR EACH ROW EXECUTE FUNCTION jingwu.refuse_change();
            CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON jingwu.records
                FOR EACH STATEMENT EXECUTE FUNCTION jingwu.refuse_change();
            CREATE TRIGGER conflicts_append_only BEFORE UPDATE OR DELETE ON jingwu.conflicts
                FOR EACH ROW EXECUTE FUNCTION jingwu.refuse_change();
            CREATE TRIGGER conflicts_no_truncate BEFORE TRUNCATE ON jingwu.conflicts
                FOR EACH STATEMENT EXECUTE FUNCTION jingwu.refuse_change();
            REVOKE ALL ON jingwu.records, jingwu.conflicts, jingwu.journals FROM PUBLIC;
            REVOKE UPDATE, DELETE, TRUNCATE ON jingwu.records, jingwu.conflicts FROM CURRENT_USER;
            """#),
        StationRoles.migration,
        // `json` keeps the record's data as written (the bytes of the line's `data`) and costs the
        // server a validation instead of jsonb's parse and conversion (~9 % of a sync's COPY).
        // Queries keep `->` and `->>`; one that wants jsonb's operators casts (`data::jsonb`). Rows
        // already held are rewritten as jsonb's canonical text (the same values).
        Migration(version: 3, description: "records.data as json: the record's data as written", sql: #"""
            ALTER TABLE jingwu.records ALTER COLUMN data TYPE json USING data::json;
            COMMENT ON COLUMN jingwu.records.data IS 'The record''s data as written in its line (json). NULL when it holds a \u0000 escape, which the JSON operators refuse (the line keeps it).';
            """#),
    ]

    /// The newest schema version this program knows.
    public static var knownVersion: Int { migrations.last?.version ?? 0 }

    /// What `init` did.
    public struct InitResult: Sendable, Equatable {
        public var before: Int
        public var after: Int
        public var applied: [Int]
    }

    /// Creates or upgrades the schema. One transaction, serialised against another `init`
    /// by an advisory lock: either every missing migration is applied or none.
    public static func initialize(_ db: PGConnection) throws -> InitResult {
        try initialize(db, upTo: knownVersion)
    }

    /// The same, stopping at `version` (tests build an older station to upgrade).
    static func initialize(_ db: PGConnection, upTo version: Int) throws -> InitResult {
        try db.transaction {
            try db.exec("SELECT pg_advisory_xact_lock(hashtextextended('jingwu.schema', 0))")
            try db.script("""
                CREATE SCHEMA IF NOT EXISTS jingwu;
                CREATE TABLE IF NOT EXISTS jingwu.schema_migrations (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied timestamptz NOT NULL DEFAULT now(),
                    applied_by text NOT NULL DEFAULT current_user
                );
                """)
            let before = try currentVersion(db)
            if before > knownVersion { throw StationError.schemaTooNew(found: before, known: knownVersion) }
            var applied: [Int] = []
            for migration in migrations where migration.version > before && migration.version <= version {
                try db.script(migration.sql)
                try db.exec("INSERT INTO jingwu.schema_migrations (version, description) VALUES ($1::integer, $2)",
                            [String(migration.version), migration.description])
                applied.append(migration.version)
            }
            return InitResult(before: before, after: max(before, applied.last ?? before), applied: applied)
        }
    }

    static func currentVersion(_ db: PGConnection) throws -> Int {
        let result = try db.exec("SELECT coalesce(max(version), 0) FROM jingwu.schema_migrations")
        return Int(result.int(0, 0) ?? 0)
    }

    /// Refuses a database without the station's schema, or with a newer one than this program knows.
    public static func require(_ db: PGConnection) throws {
        let exists = try db.exec("SELECT to_regclass('jingwu.schema_migrations') IS NOT NULL")
        guard exists.string(0, 0) == "t" else { throw StationError.notInitialized(url: db.displayURL) }
        let version = try currentVersion(db)
        if version > knownVersion { throw StationError.schemaTooNew(found: version, known: knownVersion) }
        if version < knownVersion { throw StationError.notInitialized(url: db.displayURL) }
    }
}
