package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Expiry agreed between connect-pg-simple 10 and SessionKit's PostgreSQL store, on a server whose {@code timezone} is
 * New York's, Node's {@code pg} sessions in that zone, the Java side's JDBC sessions in Kolkata's
 * ({@link JavaServers#JDBC_ZONE}) and its store's {@code timeZone} set to the server's. Both sides write
 * {@code expire} by connect-pg-simple's rule, the server zone's wall clock of {@code ceil(cookie.expires)}; a row is
 * live for both while that instant is ahead and over for both once it has passed, whoever wrote it. Time is moved by
 * writing {@code expire} as connect-pg-simple would, never by waiting.
 */
class PostgresExpiryInteropTest extends ExpressAndJavaOnPostgres {

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What {@code expire::text} must print for the row of a record whose cookie expires at {@code expires}. */
    private static String serverWallClock(Instant expires) {
        return WALL_CLOCK.format(LocalDateTime.ofInstant(PostgresView.ceilToSecond(expires),
                PostgresEnvironment.SERVER_ZONE));
    }

    private static void assertExpireAsConnectPgSimpleWritesIt(SignedCookie cookie, String who) {
        Instant expires = Instant.parse(pg.record(cookie).get("cookie").get("expires").asText());
        assertThat(pg.expireText(cookie)).as("expire after %s's save: New York's wall clock of ceil(cookie.expires)",
                who).isEqualTo(serverWallClock(expires));
        pg.assertExpiryFollows(cookie, expires);
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void bothSidesWriteExpire_asConnectPgSimpleDoes_inTheServersZone(JavaSide side) {
        URI node = express.baseUri();
        URI javaSide = java.uri(side);

        SignedCookie fromNode = Http.get(node, Http.path("/login", "user", "ada")).cookie();
        assertExpireAsConnectPgSimpleWritesIt(fromNode, "connect-pg-simple");
        Http.get(javaSide, Http.path("/set", "key", "by", "value", "java"), fromNode).ok();
        assertExpireAsConnectPgSimpleWritesIt(fromNode, "SessionKit");

        SignedCookie fromJava = Http.get(javaSide, Http.path("/login", "user", "grace")).cookie();
        assertExpireAsConnectPgSimpleWritesIt(fromJava, "SessionKit");
        Http.get(node, Http.path("/set", "key", "by", "value", "node"), fromJava).ok();
        assertExpireAsConnectPgSimpleWritesIt(fromJava, "connect-pg-simple");
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void expressRow_liveForBothUntilItsExpire_thenGoneForBoth(JavaSide side) {
        Http.Reply login = Http.get(express.baseUri(), Http.path("/login", "user", "ada"));
        assertLiveForBothThenGoneForBoth(side, login.cookie(), "ada");
    }

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    void javaRow_liveForBothUntilItsExpire_thenGoneForBoth(JavaSide side) {
        Http.Reply login = Http.get(java.uri(side), Http.path("/login", "user", "grace"));
        assertLiveForBothThenGoneForBoth(side, login.cookie(), "grace");
    }

    /**
     * A minute before its {@code expire} (written as connect-pg-simple writes it), each side finds the user (and each
     * read extends the row, so it is set again before the other's); a second after, neither does, and neither
     * extends, rewrites or revives the row. A store reading New York's wall clock as another zone's would disagree by
     * hours.
     */
    private static void assertLiveForBothThenGoneForBoth(JavaSide side, SignedCookie cookie, String user) {
        URI node = express.baseUri();
        URI javaSide = java.uri(side);

        pg.setExpire(cookie, Instant.now().plusSeconds(60));
        assertThat(Http.get(javaSide, "/whoami", cookie).ok()).as("SessionKit, a minute before").isEqualTo(user);
        pg.setExpire(cookie, Instant.now().plusSeconds(60));
        assertThat(Http.get(node, "/whoami", cookie).ok()).as("connect-pg-simple, a minute before").isEqualTo(user);

        Instant past = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        pg.setExpire(cookie, past);
        String sess = pg.sess(cookie);
        assertThat(Http.get(javaSide, "/whoami", cookie).ok()).as("SessionKit, a second after").isEqualTo("anonymous");
        assertThat(Http.get(node, "/whoami", cookie).ok()).as("connect-pg-simple, a second after")
                .isEqualTo("anonymous");
        assertThat(pg.expire(cookie)).as("neither side extended the expired row").isEqualTo(past);
        assertThat(pg.sess(cookie)).as("nor rewrote it").isEqualTo(sess);
    }

    /** The table is connect-pg-simple's as its table.sql made it, after the Java store has used it. */
    @Test
    void theTable_staysAsConnectPgSimpleMadeIt() {
        Http.get(java.uri(JavaSide.SERVLET), Http.path("/login", "user", "ada")).ok();
        assertThat(pg.query("SELECT column_name || ' ' || data_type FROM information_schema.columns"
                + " WHERE table_name = 'session' ORDER BY ordinal_position"))
                .containsExactly("sid character varying", "sess json", "expire timestamp without time zone");
        assertThat(pg.query("SELECT indexname FROM pg_indexes WHERE tablename = 'session' ORDER BY indexname"))
                .as("its primary key and its index on expire, and no second one").containsExactly(
                        "IDX_session_expire", "session_pkey");
        assertThat(pg.query("SELECT setting FROM pg_file_settings WHERE name = 'timezone' AND applied"))
                .as("the server's zone").containsExactly(PostgresEnvironment.SERVER_ZONE.getId());
    }
}
