package dev.sessionkit.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.testsupport.postgres.PostgresServers;
import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every server of the load harness serves the same pages and keeps the counter in its session. */
class LoadServerTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalRedis redis;
    private static String postgresUrl;

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static synchronized String redisUrl() {
        if (redis == null) {
            redis = RedisServers.start();
        }
        return redis.uri().toString();
    }

    /**
     * The shared test PostgreSQL, with the tables benchmarks/load/lib.sh creates: connect-pg-simple's (the store's
     * own, with {@code createTableIfMissing}'s names) and Spring Session JDBC's {@code schema-postgresql.sql}.
     */
    private static synchronized String postgresUrl() throws Exception {
        if (postgresUrl == null) {
            String url = PostgresServers.shared();
            String spring;
            try (InputStream schema = LoadServerTest.class.getClassLoader()
                    .getResourceAsStream("org/springframework/session/jdbc/schema-postgresql.sql")) {
                spring = new String(schema.readAllBytes(), StandardCharsets.UTF_8);
            }
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS \"session\", \"session_principal\", "
                        + "SPRING_SESSION_ATTRIBUTES, SPRING_SESSION");
                statement.execute("CREATE TABLE \"session\" (\"sid\" varchar NOT NULL COLLATE \"default\", "
                        + "\"sess\" json NOT NULL, \"expire\" timestamp(6) NOT NULL, "
                        + "CONSTRAINT \"session_pkey\" PRIMARY KEY (\"sid\"))");
                statement.execute("CREATE TABLE \"session_principal\" (\"principal\" varchar NOT NULL, "
                        + "\"sid\" varchar NOT NULL, \"added\" timestamptz(3) NOT NULL, \"until\" timestamptz(3), "
                        + "PRIMARY KEY (\"principal\", \"sid\"))");
                statement.execute(spring);
            }
            postgresUrl = url;
        }
        return postgresUrl;
    }

    private static String storeUrl(LoadServer.Kind kind) throws Exception {
        return switch (kind.store()) {
            case REDIS -> redisUrl();
            case POSTGRES -> postgresUrl();
            case NONE -> null;
        };
    }

    @ParameterizedTest
    @EnumSource(value = LoadServer.Kind.class, names = {"JAVALIN_NOSESSION", "SERVLET_NOSESSION", "MICRONAUT_NOSESSION"},
            mode = EnumSource.Mode.EXCLUDE)
    void pages_withSessions_counterLivesInTheSession(LoadServer.Kind kind) throws Exception {
        try (LoadServer.Running server = LoadServer.start(kind, 0, storeUrl(kind))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> first = get(base + "/write", null);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("views 1");
            String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            assertThat(get(base + "/write", cookie).body()).isEqualTo("views 2");
            HttpResponse<String> read = get(base + "/read", cookie);
            assertThat(read.body()).isEqualTo("views 2");
            assertThat(read.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(get(base + "/read", null).body()).isEqualTo("views 0");
            assertThat(get(base + "/plain", cookie).body()).isEqualTo("plain");
        }
    }

    /** The page the fault run drives: every SessionKit kind increments with Session.update. */
    @ParameterizedTest
    @EnumSource(value = LoadServer.Kind.class,
            names = {"JAVALIN_REDIS", "SERVLET_REDIS", "MICRONAUT_REDIS", "SERVLET_POSTGRES"})
    void increment_sessionKitKinds_countInTheSession(LoadServer.Kind kind) throws Exception {
        try (LoadServer.Running server = LoadServer.start(kind, 0, storeUrl(kind))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> first = get(base + "/increment", null);
            assertThat(first.body()).isEqualTo("views 1");
            String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            assertThat(get(base + "/increment", cookie).body()).isEqualTo("views 2");
            assertThat(get(base + "/read", cookie).body()).isEqualTo("views 2");
            // The fault run's logout: the session is gone, and the old cookie starts a new one.
            assertThat(get(base + "/logout", cookie).body()).isEqualTo("out");
            assertThat(get(base + "/increment", cookie).body()).isEqualTo("views 1");
        }
    }

    /** The WAIT commands a server has run, from its {@code INFO commandstats}. */
    private static long waits(redis.clients.jedis.Jedis server) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("cmdstat_wait:calls=(\\d+)")
                .matcher(server.info("commandstats"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /** The fault run's Sentinel URI: the store finds the master through the Sentinel, and waits for its replica. */
    @org.junit.jupiter.api.Test
    void increment_sentinelUriWithAcknowledgement_worksThroughTheSentinel() throws Exception {
        try (dev.sessionkit.testsupport.redis.LocalRedisSentinel sentinel = RedisServers.startSentinel(1)) {
            System.setProperty("benchmarks.replicasToAcknowledge", "1:500");
            String url = "redis-sentinel://" + sentinel.sentinel().address() + "/" + sentinel.masterName();
            try (LoadServer.Running server = LoadServer.start(LoadServer.Kind.JAVALIN_REDIS, 0, url);
                 redis.clients.jedis.Jedis master = new redis.clients.jedis.Jedis(sentinel.master().host(),
                         sentinel.master().port())) {
                String base = "http://127.0.0.1:" + server.port();
                HttpResponse<String> first = get(base + "/increment", null);
                assertThat(first.body()).isEqualTo("views 1");
                String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
                String cookie = setCookie.substring(0, setCookie.indexOf(';'));
                long waitsBefore = waits(master);

                assertThat(get(base + "/logout", cookie).body()).isEqualTo("out");

                assertThat(waits(master) - waitsBefore).as("WAITs sent for the logout").isEqualTo(1);
            } finally {
                System.clearProperty("benchmarks.replicasToAcknowledge");
            }
        }
    }

    /** The baselines: each framework's pages without sessions. */
    @ParameterizedTest
    @EnumSource(value = LoadServer.Kind.class, names = {"JAVALIN_NOSESSION", "SERVLET_NOSESSION", "MICRONAUT_NOSESSION"})
    void pages_withoutSessions_counterIsGlobal(LoadServer.Kind kind) throws Exception {
        try (LoadServer.Running server = LoadServer.start(kind, 0, null)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> first = get(base + "/write", null);
            assertThat(first.body()).isEqualTo("views 1");
            assertThat(first.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(get(base + "/read", null).body()).isEqualTo("views 1");
            assertThat(get(base + "/plain", null).body()).isEqualTo("plain");
        }
    }

    private static HttpResponse<String> get(String url, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
