package dev.sessionkit.store.postgres;

/**
 * The statements of a {@link PostgresSessionStore}, built once from its table names and time zone. Each operation is
 * one statement (the principal index's {@code add} and {@code endOldest} are one statement after a per-principal
 * advisory lock, in one transaction).
 *
 * <p>Time is connect-pg-simple's: {@code expire} is a {@code timestamp without time zone} holding
 * {@code to_timestamp(epoch seconds)} as the session's time zone renders it, and a session is live while
 * {@code expire} is after {@code to_timestamp(now)}, "now" being the application's clock as connect-pg-simple passes
 * its own. Node's {@code pg} leaves its sessions in the server's default time zone, while PostgreSQL's JDBC driver sets
 * the JVM's: so every conversion here names the zone ({@code to_timestamp(?) AT TIME ZONE 'zone'}), and the result
 * does not depend on the JDBC session's zone. Every {@code ?} that is a time is epoch seconds (a {@code double} for
 * "now", a whole {@code long} for an expiry).
 */
final class Sql {

    final String table;
    final String principals;
    private final String zone;

    final String get;
    final String getAndTouch;
    final String getAndDelete;
    final String setAlways;
    final String setIfAbsent;
    final String setIfPresent;
    final String delete;
    final String deleteIfLive;
    final String replace;
    final String replaceByDelete;
    final String touch;
    final String ids;
    final String count;
    final String estimate;
    final String clear;
    final String lock;
    final String add;
    final String sessionsOf;
    final String endOldest;
    final String endSession;
    final String pruneSessions;
    final String principalsExist;
    final String prunePrincipals;

    Sql(String schema, String table, String principalTable, String zone) {
        this.table = qualified(schema, table);
        this.principals = qualified(schema, principalTable);
        this.zone = "'" + zone.replace("'", "''") + "'";
        String t = this.table;
        String p = this.principals;
        String now = at("?"); // the application's now, epoch seconds
        String expire = at("?"); // the new expiry, whole epoch seconds

        get = "SELECT sess::text FROM " + t + " WHERE sid = ? AND expire > " + now;
        // Only a row whose expiry moves is written: a touch within the same second is a read.
        getAndTouch = "WITH p AS (SELECT ?::varchar AS sid, " + now + " AS now, " + expire + " AS expire),"
                + " touched AS (UPDATE " + t + " s SET expire = p.expire FROM p"
                + " WHERE s.sid = p.sid AND s.expire > p.now AND s.expire <> p.expire)"
                + " SELECT s.sess::text FROM " + t + " s, p WHERE s.sid = p.sid AND s.expire > p.now";
        getAndDelete = "WITH p AS (SELECT ?::varchar AS sid, " + now + " AS now),"
                + " gone AS (DELETE FROM " + t + " s USING p WHERE s.sid = p.sid RETURNING s.sess::text AS sess, s.expire)"
                + " SELECT gone.sess FROM gone, p WHERE gone.expire > p.now";
        setAlways = "INSERT INTO " + t + " AS s (sid, sess, expire) VALUES (?, ?::json, " + expire + ")"
                + " ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expire = excluded.expire";
        // A new id never overwrites a live session; an expired row not yet pruned counts as absent.
        setIfAbsent = "INSERT INTO " + t + " AS s (sid, sess, expire) VALUES (?, ?::json, " + expire + ")"
                + " ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expire = excluded.expire"
                + " WHERE s.expire <= " + now;
        setIfPresent = "UPDATE " + t + " SET sess = ?::json, expire = " + expire + " WHERE sid = ? AND expire > " + now;
        delete = "DELETE FROM " + t + " WHERE sid = ?";
        deleteIfLive = "WITH p AS (SELECT ?::varchar AS sid, " + now + " AS now),"
                + " gone AS (DELETE FROM " + t + " s USING p WHERE s.sid = p.sid RETURNING s.expire)"
                + " SELECT count(*) FROM gone, p WHERE gone.expire > p.now";
        // The compare-and-set: lock the live row, compare its text with the record loaded, write only on a match;
        // reply the stored text (none: gone) and whether it was written. json has no equality operator: its text
        // is what express and SessionKit wrote, byte for byte.
        String current = "WITH p AS (SELECT ?::varchar AS sid, " + now + " AS now),"
                + " cur AS (SELECT s.sid, s.sess::text AS sess FROM " + t + " s, p"
                + " WHERE s.sid = p.sid AND s.expire > p.now FOR UPDATE OF s),";
        replace = current + " written AS (UPDATE " + t + " s SET sess = ?::json, expire = " + expire
                + " FROM cur WHERE s.sid = cur.sid AND cur.sess = ? RETURNING 1)"
                + " SELECT cur.sess, EXISTS (SELECT 1 FROM written) FROM cur";
        replaceByDelete = current + " written AS (DELETE FROM " + t + " s USING cur"
                + " WHERE s.sid = cur.sid AND cur.sess = ? RETURNING 1)"
                + " SELECT cur.sess, EXISTS (SELECT 1 FROM written) FROM cur";
        touch = "WITH p AS (SELECT ?::varchar AS sid, " + now + " AS now, " + expire + " AS expire)"
                + " UPDATE " + t + " s SET expire = p.expire FROM p"
                + " WHERE s.sid = p.sid AND s.expire > p.now AND s.expire <> p.expire";
        ids = "SELECT sid FROM " + t + " WHERE expire > " + now;
        count = "SELECT count(*) FROM " + t + " WHERE expire > " + now;
        estimate = "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)";
        clear = "WITH entries AS (DELETE FROM " + p + ") DELETE FROM " + t;

        // The principal index: a side table, one row per (principal, session), its times timestamptz.
        lock = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";
        String live = "EXISTS (SELECT 1 FROM " + t + " s WHERE s.sid = i.sid AND s.expire > q.now)";
        add = "WITH q AS (SELECT ?::varchar AS principal, ?::varchar AS sid, " + now + " AS now,"
                + " to_timestamp(?) AS settled, to_timestamp(?) AS added, to_timestamp(?) AS until, ?::int AS lim),"
                + " gone AS (DELETE FROM " + p + " i USING q WHERE i.principal = q.principal AND i.sid <> q.sid"
                + " AND i.added <= q.settled AND NOT " + live + " RETURNING i.sid),"
                + " others AS (SELECT count(*) AS n FROM " + p + " i, q WHERE i.principal = q.principal"
                + " AND i.sid <> q.sid AND i.sid NOT IN (SELECT sid FROM gone)),"
                + " entry AS (INSERT INTO " + p + " (principal, sid, added, until)"
                + " SELECT q.principal, q.sid, q.added, q.until FROM q, others WHERE others.n < q.lim"
                + " ON CONFLICT (principal, sid) DO UPDATE SET added = excluded.added, until = excluded.until"
                + " RETURNING 1)"
                + " SELECT EXISTS (SELECT 1 FROM entry)";
        sessionsOf = "WITH q AS (SELECT ?::varchar AS principal, " + now + " AS now, to_timestamp(?) AS settled),"
                + " gone AS (DELETE FROM " + p + " i USING q WHERE i.principal = q.principal"
                + " AND i.added <= q.settled AND NOT " + live + ")"
                + " SELECT s.sid, s.sess::text, (extract(epoch FROM (s.expire AT TIME ZONE " + this.zone
                + ")) * 1000)::bigint FROM " + p + " i JOIN " + t + " s ON s.sid = i.sid, q"
                + " WHERE i.principal = q.principal AND s.expire > q.now";
        endOldest = "WITH q AS (SELECT ?::varchar AS principal, " + now + " AS now, ?::int AS keep),"
                + " ranked AS (SELECT i.sid, i.added, row_number() OVER (ORDER BY i.added DESC, i.sid DESC) AS n"
                + " FROM " + p + " i JOIN " + t + " s ON s.sid = i.sid, q"
                + " WHERE i.principal = q.principal AND s.expire > q.now),"
                + " ended AS (SELECT r.sid, r.added FROM ranked r, q WHERE r.n > q.keep),"
                + " sessions AS (DELETE FROM " + t + " s USING ended WHERE s.sid = ended.sid),"
                + " entries AS (DELETE FROM " + p + " i USING ended, q"
                + " WHERE i.principal = q.principal AND i.sid = ended.sid)"
                + " SELECT sid FROM ended ORDER BY added, sid";
        endSession = "WITH entry AS (DELETE FROM " + p + " WHERE principal = ? AND sid = ?)"
                + " DELETE FROM " + t + " WHERE sid = ?";

        // The background job: one bounded batch per statement, skipping rows another pruner holds.
        pruneSessions = "DELETE FROM " + t + " WHERE sid IN (SELECT sid FROM " + t + " WHERE expire < " + now
                + " LIMIT ? FOR UPDATE SKIP LOCKED)";
        principalsExist = "SELECT to_regclass(?) IS NOT NULL";
        prunePrincipals = "WITH q AS (SELECT " + now + " AS now, to_timestamp(?) AS instant, to_timestamp(?) AS settled)"
                + " DELETE FROM " + p + " WHERE (principal, sid) IN (SELECT i.principal, i.sid FROM " + p + " i, q"
                + " WHERE (i.until < q.instant OR (i.added <= q.settled AND NOT " + live + "))"
                + " LIMIT ? FOR UPDATE OF i SKIP LOCKED)";
    }

    /** {@code to_timestamp(param)} as a {@code timestamp without time zone} in the store's zone. */
    private String at(String param) {
        return "(to_timestamp(" + param + ") AT TIME ZONE " + zone + ")";
    }

    /** A quoted identifier: PostgreSQL's rule, as connect-pg-simple's, double quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String qualified(String schema, String name) {
        return schema == null ? quote(name) : quote(schema) + "." + quote(name);
    }

    /** The table, its primary key and index, and the principal index, as connect-pg-simple's table.sql has them. */
    static String[] createTables(String schema, String table, String principalTable) {
        String t = qualified(schema, table);
        String p = qualified(schema, principalTable);
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + t + " (\"sid\" varchar NOT NULL COLLATE \"default\","
                    + " \"sess\" json NOT NULL, \"expire\" timestamp(6) NOT NULL,"
                    + " CONSTRAINT " + quote(table + "_pkey") + " PRIMARY KEY (\"sid\") NOT DEFERRABLE INITIALLY IMMEDIATE)",
            "CREATE INDEX IF NOT EXISTS " + quote("IDX_" + table + "_expire") + " ON " + t + " (\"expire\")",
            "CREATE TABLE IF NOT EXISTS " + p + " (\"principal\" varchar NOT NULL, \"sid\" varchar NOT NULL,"
                    + " \"added\" timestamptz(3) NOT NULL, \"until\" timestamptz(3),"
                    + " CONSTRAINT " + quote(principalTable + "_pkey") + " PRIMARY KEY (\"principal\", \"sid\"))"
        };
    }
}
