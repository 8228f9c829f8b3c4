package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and sets what the two sides share in connect-pg-simple's table on the {@link PostgresEnvironment} cluster:
 * {@code sess} as text and {@code expire}, both as the wall clock it holds and as the instant it is in the server's
 * zone ({@code extract(epoch FROM expire AT TIME ZONE 'America/New_York')}), whatever the zone of this JDBC session.
 */
final class PostgresView implements StoreView {

    private static final String TABLE = '"' + PostgresEnvironment.TABLE + '"';
    private static final String ZONE = PostgresEnvironment.SERVER_ZONE.getId();

    /** The text of the session's {@code sess}, or {@code null} when it has no row. */
    String sess(SignedCookie cookie) {
        return queryOne("SELECT sess::text FROM " + TABLE + " WHERE sid = ?", cookie.id());
    }

    @Override
    public JsonNode record(SignedCookie cookie) {
        String json = sess(cookie);
        if (json == null) {
            throw new AssertionError("no row for " + cookie);
        }
        return Json.read(json);
    }

    @Override
    public boolean exists(SignedCookie cookie) {
        return sess(cookie) != null;
    }

    /** {@code expire} as PostgreSQL prints it: the wall clock it holds, without a zone. */
    String expireText(SignedCookie cookie) {
        return queryOne("SELECT expire::text FROM " + TABLE + " WHERE sid = ?", cookie.id());
    }

    /** The instant {@code expire} stands for in the server's zone. */
    Instant expire(SignedCookie cookie) {
        String epoch = queryOne("SELECT extract(epoch FROM expire AT TIME ZONE '" + ZONE + "')::text FROM " + TABLE
                + " WHERE sid = ?", cookie.id());
        if (epoch == null) {
            throw new AssertionError("no row for " + cookie);
        }
        BigDecimal seconds = new BigDecimal(epoch);
        return Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    /**
     * Sets {@code expire} to {@code instant} the way connect-pg-simple writes it from a session in the server's zone:
     * {@code to_timestamp(epoch)} as that zone's wall clock.
     */
    void setExpire(SignedCookie cookie, Instant instant) {
        List<String> updated = query("UPDATE " + TABLE + " SET expire = to_timestamp(" + instant.getEpochSecond()
                + ") AT TIME ZONE '" + ZONE + "' WHERE sid = ? RETURNING sid", cookie.id());
        assertThat(updated).as("the row of %s", cookie).hasSize(1);
    }

    @Override
    public long secondsLeft(SignedCookie cookie) {
        return Math.floorDiv(expire(cookie).toEpochMilli() - System.currentTimeMillis(), 1000);
    }

    /** connect-pg-simple's {@code expire}: {@code to_timestamp(ceil(cookie.expires / 1 s))}, exactly. */
    @Override
    public void assertExpiryFollows(SignedCookie cookie, Instant expires) {
        assertThat(expire(cookie)).as("expire of %s, whose cookie expires at %s", cookie, expires)
                .isEqualTo(ceilToSecond(expires));
    }

    /** The whole second at or after {@code instant}, as connect-pg-simple's {@code Math.ceil(ms / 1000)}. */
    static Instant ceilToSecond(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0));
    }

    /** The first column of the first row, or {@code null} when there is none. */
    String queryOne(String sql, Object... params) {
        List<String> rows = query(sql, params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The first column of each row. */
    List<String> query(String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(PostgresEnvironment.server().jdbcUrl());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<String> rows = new ArrayList<>();
            if (statement.execute()) {
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed, SQLState " + e.getSQLState(), e);
        }
    }

    @Override
    public void close() {
        // One connection per query: nothing held.
    }
}
