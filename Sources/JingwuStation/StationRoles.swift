import Foundation
import JingwuResources

/// Per-office database roles (issue 18, security), enforced by the server with row-level security.
///
/// `jingwu.roles` maps a database role to what it may do at the station:
/// - an **office** role (`kind = 'office'`, `office` = the office's name as its journal's header
///   says it, e.g. `东门警务室`) reads only that office's rows of `jingwu.records`,
///   `jingwu.journals` and `jingwu.conflicts`, appends records and conflicts only for a journal of
///   that office, registers only that office's journals and moves only their heads;
/// - the **leadership** role (`kind = 'leadership'`) reads every row and writes nothing.
///
/// The role is `current_user` (the role the session runs as). A role with no row here sees no row
/// of the three tables even if someone grants it SELECT. The schema's owner and superusers are not
/// subject to row-level security (they run `station init`, `station grant`, the reports' own set-up).
///
/// An office role's sync cannot use `COPY … FROM` into `jingwu.records` (PostgreSQL refuses COPY FROM
/// into a table whose row-level security applies to the session): it copies each batch into a
/// temporary table of its own session and moves it with one `INSERT … SELECT`, which the policies check.
public enum StationRoles {
    /// Schema migration 2. Never edit it once released: add the next.
    public static let migration = StationSchema.Migration(
        version: 2, description: "per-office roles: row-level security on records, journals, conflicts", sql: #"""
            CREATE TABLE jingwu.roles (
                role_name name PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('office', 'leadership')),
                -- The office's name as its journal's header says it; NULL for the leadership.
                office text,
                granted timestamptz NOT NULL DEFAULT now(),
                granted_by text NOT NULL DEFAULT current_user,
                CHECK ((kind = 'office') = (office IS NOT NULL))
            );
            REVOKE ALL ON jingwu.roles FROM PUBLIC;
            ALTER TABLE jingwu.roles ENABLE ROW LEVEL SECURITY;
            -- A role sees its own row only (which office it is), never the others'.
            CREATE POLICY roles_own ON jingwu.roles FOR SELECT USING (role_name = current_user);

            -- The office the session's role stands for (NULL: none), and whether it reads everything.
            -- Called as (SELECT …) in the policies so that each statement evaluates them once.
            CREATE FUNCTION jingwu.role_office() RETURNS text LANGUAGE sql STABLE AS $$
                SELECT office FROM jingwu.roles WHERE role_name = current_user AND kind = 'office'
            $$;
            CREATE FUNCTION jingwu.role_reads_all() RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT EXISTS (SELECT 1 FROM jingwu.roles WHERE role_name = current_user AND kind = 'leadership')
            $$;

            ALTER TABLE jingwu.journals ENABLE ROW LEVEL SECURITY;
            CREATE POLICY journals_read ON jingwu.journals FOR SELECT
                USING (office = (SELECT jingwu.role_office()) OR (SELECT jingwu.role_reads_all()));
            CREATE POLICY journals_register ON jingwu.journals FOR INSERT
                WITH CHECK (office = (SELECT jingwu.role_office()));
            CREATE POLICY journals_advance ON jingwu.journals FOR UPDATE
                USING (office = (SELECT jingwu.role_office()))
                WITH CHECK (office = (SELECT jingwu.role_office()));

            ALTER TABLE jingwu.records ENABLE ROW LEVEL SECURITY;
            CREATE POLICY records_read ON jingwu.records FOR SELECT
                USING (office = (SELECT jingwu.role_office()) OR (SELECT jingwu.role_reads_all()));
            -- Only into a journal of the role's own office (another office's journal id is refused
            -- even with the role's office in the row).
            CREATE POLICY records_append ON jingwu.records FOR INSERT
                WITH CHECK (office = (SELECT jingwu.role_office()) AND EXISTS (
                    SELECT 1 FROM jingwu.journals j WHERE j.journal_id = records.journal_id AND j.office = records.office));

            ALTER TABLE jingwu.conflicts ENABLE ROW LEVEL SECURITY;
            CREATE POLICY conflicts_read ON jingwu.conflicts FOR SELECT
                USING (office = (SELECT jingwu.role_office()) OR (SELECT jingwu.role_reads_all()));
            CREATE POLICY conflicts_record ON jingwu.conflicts FOR INSERT
                WITH CHECK (office = (SELECT jingwu.role_office()) AND EXISTS (
                    SELECT 1 FROM jingwu.journals j WHERE j.journal_id = conflicts.journal_id AND j.office = conflicts.office));

            -- Whoever moves a head (an office role's sync, the owner's): a journal's identity never
            -- changes, its head never moves back, and it always names a record the station holds.
            CREATE FUNCTION jingwu.check_head_move() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.journal_id <> OLD.journal_id OR NEW.office <> OLD.office OR NEW.station <> OLD.station
                        OR NEW.created <> OLD.created THEN
                    RAISE EXCEPTION 'jingwu: a journal''s identity at the station does not change'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF NEW.head_seq < OLD.head_seq THEN
                    RAISE EXCEPTION 'jingwu: the station''s head of a journal never moves back'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF (NEW.head_seq, NEW.head_hash) IS DISTINCT FROM (OLD.head_seq, OLD.head_hash) AND NOT EXISTS (
                        SELECT 1 FROM jingwu.records r
                        WHERE r.journal_id = NEW.journal_id AND r.seq = NEW.head_seq AND r.hash = NEW.head_hash) THEN
                    RAISE EXCEPTION 'jingwu: the head must name a record the station holds'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER journals_head_moves BEFORE UPDATE ON jingwu.journals
                FOR EACH ROW EXECUTE FUNCTION jingwu.check_head_move();
            """#)

    /// What a role is given.
    public enum Grant: Sendable, Equatable {
        case office(String)
        case leadership
    }

    /// A role name as PostgreSQL takes it: 1–63 bytes, printable. Anything else is refused (it
    /// would be cut or misread), never quoted into something else.
    public static func checkRoleName(_ role: String) throws {
        guard !role.isEmpty, role.utf8.count <= 63,
              !role.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw StationRoleError.badRoleName(role: role) }
    }

    static func checkOffice(_ office: String) throws {
        guard !office.isEmpty, !office.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw StationRoleError.badOffice(office: office) }
    }

    /// `"name"`, with any `"` doubled.
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `'text'`, with any `'` doubled (standard_conforming_strings, PostgreSQL's default since 9.1).
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The privileges a role needs, as SQL statements (the role exists; no password anywhere).
    public static func privilegeSQL(_ grant: Grant, role: String) -> [String] {
        let r = identifier(role)
        var sql = ["GRANT USAGE ON SCHEMA jingwu TO \(r)",
                   "GRANT SELECT ON jingwu.schema_migrations, jingwu.roles TO \(r)"]
        switch grant {
        case .office:
            sql += [
                "GRANT SELECT, INSERT ON jingwu.records, jingwu.journals, jingwu.conflicts TO \(r)",
                // The head's move only: never the journal's identity (and the trigger checks the move).
                "GRANT UPDATE (head_seq, head_hash, head_offset, last_synced, last_sync_records) ON jingwu.journals TO \(r)",
                "GRANT USAGE ON SEQUENCE jingwu.conflicts_id_seq TO \(r)",
            ]
        case .leadership:
            sql += ["GRANT SELECT ON jingwu.records, jingwu.journals, jingwu.conflicts TO \(r)"]
        }
        return sql
    }

    /// Every statement `station grant` runs, for `--print` (to hand to whoever holds the rights).
    public static func script(_ grant: Grant, role: String, createRole: Bool) -> [String] {
        var sql: [String] = []
        if createRole { sql.append("CREATE ROLE \(identifier(role)) LOGIN") }
        switch grant {
        case .office(let office):
            sql.append("INSERT INTO jingwu.roles (role_name, kind, office) VALUES (\(literal(role)), 'office', \(literal(office)))")
        case .leadership:
            sql.append("INSERT INTO jingwu.roles (role_name, kind) VALUES (\(literal(role)), 'leadership')")
        }
        return sql + privilegeSQL(grant, role: role)
    }

    /// What `grant` did.
    public struct GrantResult: Sendable, Equatable {
        /// True when the role did not exist and was made (LOGIN, no password: set one with psql's `\password`).
        public var createdRole: Bool
        /// True when the role already had exactly this grant (the privileges were given again; nothing else changed).
        public var unchanged: Bool
    }

    /// Maps `role` to an office (or the leadership) and gives it its privileges, in one transaction.
    /// Run as the schema's owner (or a superuser), with CREATEROLE when the role does not exist yet.
    /// A role already mapped to something else is refused, nothing changed.
    public static func grant(_ db: PGConnection, _ grant: Grant, role: String) throws -> GrantResult {
        try checkRoleName(role)
        if case .office(let office) = grant { try checkOffice(office) }
        try StationSchema.require(db)
        return try db.transaction {
            let exists = try db.exec("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]).rowCount == 1
            if !exists { try db.script("CREATE ROLE \(identifier(role)) LOGIN") }
            let held = try db.exec("SELECT kind, office FROM jingwu.roles WHERE role_name = $1", [role])
            var unchanged = false
            if held.rowCount == 1 {
                let kind = held.string(0, 0) ?? ""
                let office = held.string(0, 1)
                let same: Bool
                switch grant {
                case .office(let wanted): same = kind == "office" && office == wanted
                case .leadership: same = kind == "leadership"
                }
                guard same else { throw StationRoleError.alreadyMapped(role: role, office: office) }
                unchanged = true
            } else {
                switch grant {
                case .office(let office):
                    try db.exec("INSERT INTO jingwu.roles (role_name, kind, office) VALUES ($1, 'office', $2)", [role, office])
                case .leadership:
                    try db.exec("INSERT INTO jingwu.roles (role_name, kind) VALUES ($1, 'leadership')", [role])
                }
            }
            for statement in privilegeSQL(grant, role: role) { try db.script(statement) }
            return GrantResult(createdRole: !exists, unchanged: unchanged)
        }
    }

    /// What a role stood for before `revoke`: an office, or the leadership.
    public struct Revoked: Sendable, Equatable {
        public var office: String?
    }

    /// The statements `revoke` runs after taking the role's mapping away (the role itself stays:
    /// dropping it, with whatever else it owns, is the database administrator's call).
    public static func revokeSQL(role: String) -> [String] {
        let r = identifier(role)
        return ["REVOKE ALL ON ALL TABLES IN SCHEMA jingwu FROM \(r)",
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA jingwu FROM \(r)",
                "REVOKE USAGE ON SCHEMA jingwu FROM \(r)"]
    }

    /// Takes `role`'s office (or leadership) away and its privileges on schema jingwu, in one
    /// transaction: from then on it reads nothing and appends nothing (row-level security maps no
    /// office to it, and it has no privilege left). What it synced stays: records are append-only.
    /// A role mapped to nothing is refused, nothing changed.
    public static func revoke(_ db: PGConnection, role: String) throws -> Revoked {
        try checkRoleName(role)
        try StationSchema.require(db)
        return try db.transaction {
            let held = try db.exec("DELETE FROM jingwu.roles WHERE role_name = $1 RETURNING kind, office", [role])
            guard held.rowCount == 1 else { throw StationRoleError.notMapped(role: role) }
            let office = held.string(0, 0) == "office" ? held.string(0, 1) : nil
            for statement in revokeSQL(role: role) { try db.script(statement) }
            return Revoked(office: office)
        }
    }

    /// The office the session's role is mapped to, when row-level security applies to it
    /// (nil: the owner or a superuser, who may sync any office's journal).
    static func sessionOffice(_ db: PGConnection) throws -> (restricted: Bool, office: String?) {
        let result = try db.exec("SELECT row_security_active('jingwu.records'), jingwu.role_office()")
        return (result.string(0, 0) == "t", result.string(0, 1))
    }
}

/// Refusals of `station grant` and of a sync by a role not allowed to push a journal.
public enum StationRoleError: OperatorError, Equatable {
    case badRoleName(role: String)
    case badOffice(office: String)
    /// The role is mapped to another office (or is the leadership's, `office` nil).
    case alreadyMapped(role: String, office: String?)
    /// `station revoke` of a role that stands for no office and is not the leadership's.
    case notMapped(role: String)
    /// A sync by an office role of a journal of another office (or by a role mapped to none).
    case wrongOffice(role: String, roleOffice: String?, journalOffice: String)

    public var messageKey: String {
        switch self {
        case .badRoleName: return "station.grant.bad_role"
        case .badOffice: return "station.grant.bad_office"
        case .alreadyMapped(_, let office): return office == nil ? "station.grant.already_leadership" : "station.grant.already_office"
        case .notMapped: return "station.revoke.not_mapped"
        case .wrongOffice(_, let office, _): return office == nil ? "station.sync.role_unmapped" : "station.sync.role_other_office"
        }
    }

    public var messageArgs: [String: String] {
        switch self {
        case .badRoleName(let role): return ["role": SafeText.line(role)]
        case .badOffice(let office): return ["office": SafeText.line(office)]
        case .alreadyMapped(let role, let office): return ["role": SafeText.line(role), "office": SafeText.line(office ?? "")]
        case .notMapped(let role): return ["role": SafeText.line(role)]
        case .wrongOffice(let role, let roleOffice, let journalOffice):
            return ["role": SafeText.line(role), "role_office": SafeText.line(roleOffice ?? ""),
                    "office": SafeText.line(journalOffice)]
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .badRoleName, .badOffice, .alreadyMapped: return ExitCode.usage
        case .notMapped: return ExitCode.dataError
        case .wrongOffice: return StationExit.noPermission
        }
    }
}
