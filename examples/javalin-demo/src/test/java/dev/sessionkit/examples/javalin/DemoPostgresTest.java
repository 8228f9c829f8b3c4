package dev.sessionkit.examples.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sessionkit.CookieSigner;
import dev.sessionkit.store.postgres.PostgresSessionStore;
import dev.sessionkit.testsupport.postgres.LocalPostgres;
import dev.sessionkit.testsupport.postgres.PostgresServers;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo with {@code DATABASE_URL}: a login and its visit count survive a restart of the demo (a new server, pool
 * and store on the same database), and the row is in connect-pg-simple's shape, its {@code expire} as Node would see it
 * on a server whose {@code timezone} is not UTC.
 */
class DemoPostgresTest {

    private static final String SECRET = "demo postgres test secret of 32+ characters";
    private static final String ZONE = "Asia/Kolkata";

    private static LocalPostgres server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startDatabase() {
        server = PostgresServers.start(Map.of("timezone", ZONE));
    }

    @AfterAll
    static void stopDatabase() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String cookie) throws Exception {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One run of the demo, as main() makes it from DATABASE_URL and DATABASE_TIMEZONE. */
    private record Demo(HikariDataSource pool, PostgresSessionStore store, Javalin app) implements AutoCloseable {
        static Demo start(String databaseUrl) {
            HikariDataSource pool = Database.pool(databaseUrl);
            PostgresSessionStore store = Database.store(pool, ZoneId.of(ZONE));
            return new Demo(pool, store, DemoApp.start(0, SECRET, store, "PostgreSQL", false));
        }

        String base() {
            return "http://127.0.0.1:" + app.port();
        }

        @Override
        public void close() {
            app.stop();
            store.close();
            pool.close();
        }
    }

    @Test
    void loginAndCount_survivesARestart_rowInConnectPgSimplesShape() throws Exception {
        String cookie;
        try (Demo demo = Demo.start(server.url())) {
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(demo.base() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=ada")), null);
            assertThat(login.statusCode()).isEqualTo(303);
            String header = login.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = header.substring(0, header.indexOf(';'));
            assertThat(send(HttpRequest.newBuilder(URI.create(demo.base() + "/")), cookie).body())
                    .contains("Hello, ada").contains("id=\"visits\">1<");
        }

        try (Demo restarted = Demo.start(server.url())) {
            assertThat(send(HttpRequest.newBuilder(URI.create(restarted.base() + "/")), cookie).body())
                    .as("after the restart").contains("Hello, ada").contains("id=\"visits\">2<");
        }

        String value = URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1), StandardCharsets.UTF_8);
        String id = CookieSigner.of(SECRET).unsign(value.substring(2)).orElseThrow();
        java.time.Instant now = java.time.Instant.now();
        try (HikariDataSource pool = Database.pool(server.jdbcUrl());
             Connection connection = pool.getConnection()) {
            connection.createStatement().execute("SET TIME ZONE '" + ZONE + "'"); // as Node's pg: the server's zone
            try (PreparedStatement statement = connection.prepareStatement("SELECT sess::text, pg_typeof(sess)::text,"
                    + " pg_typeof(expire)::text, extract(epoch FROM expire::timestamptz)::bigint, expire::text"
                    + " FROM \"session\" WHERE sid = ?")) {
                statement.setString(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).startsWith("{\"cookie\":{\"originalMaxAge\":43200000,")
                            .contains("\"user\":\"ada\"", "\"visits\":2", "\"principal\":\"ada\"");
                    assertThat(rows.getString(2)).isEqualTo("json");
                    assertThat(rows.getString(3)).isEqualTo("timestamp without time zone");
                    long expire = rows.getLong(4);
                    assertThat(expire).as("the idle timeout, 30 minutes, read as Node reads it")
                            .isBetween(now.plus(DemoApp.IDLE_TIMEOUT).minusSeconds(60).getEpochSecond(),
                                    now.plus(DemoApp.IDLE_TIMEOUT).plusSeconds(1).getEpochSecond());
                    assertThat(rows.getString(5)).as("Kolkata's wall clock").isEqualTo(
                            java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(expire), ZoneId.of(ZONE))
                                    .toString().replace('T', ' '));
                }
            }
        }
    }
}
