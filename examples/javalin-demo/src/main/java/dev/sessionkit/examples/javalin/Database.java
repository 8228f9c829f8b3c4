package dev.sessionkit.examples.javalin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionkit.store.postgres.PostgresSessionStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/** The demo's PostgreSQL: {@code DATABASE_URL} to a HikariCP pool, and the store on it. */
final class Database {

    private Database() {
    }

    /**
     * A pool for {@code postgres://user:password@host:port/database} (Heroku's and Node's form, user and password
     * percent-encoded) or a {@code jdbc:postgresql:} URL.
     */
    static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sessionkit-demo");
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(2_000);
        if (url.startsWith("jdbc:")) {
            config.setJdbcUrl(url);
        } else {
            URI uri = URI.create(url);
            if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
                throw new IllegalArgumentException("DATABASE_URL must be postgres://… or jdbc:postgresql:…");
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
            config.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            if (uri.getRawUserInfo() != null) {
                String[] credentials = uri.getRawUserInfo().split(":", 2);
                config.setUsername(URLDecoder.decode(credentials[0], StandardCharsets.UTF_8));
                if (credentials.length == 2) {
                    config.setPassword(URLDecoder.decode(credentials[1], StandardCharsets.UTF_8));
                }
            }
        }
        return new HikariDataSource(config);
    }

    /** The store in connect-pg-simple's table {@code session}, created when missing, pruned every 15 minutes. */
    static PostgresSessionStore store(HikariDataSource pool, ZoneId serverZone) {
        return PostgresSessionStore.builder(pool).createTableIfMissing(true).timeZone(serverZone).build();
    }
}
