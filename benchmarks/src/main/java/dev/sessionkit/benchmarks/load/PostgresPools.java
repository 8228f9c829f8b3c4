package dev.sessionkit.benchmarks.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;

/**
 * The HikariCP pool of both PostgreSQL servers (SessionKit's store and Spring Session JDBC), configured alike, as
 * the store's README does it: {@value #DEFAULT_SIZE} connections (with the system property
 * {@code benchmarks.pgPool=N}, N), a request waiting at most 2 s for one. Its MBean is registered, so that the
 * fault run can read its active connections.
 */
public final class PostgresPools {

    /** The system property that sets the pool size. */
    public static final String POOL_PROPERTY = "benchmarks.pgPool";
    static final int DEFAULT_SIZE = 16;

    private PostgresPools() {
    }

    /**
     * Opens a pool.
     *
     * @param url a {@code postgres://user:password@host:port/database} (or {@code postgresql://}) or
     *     {@code jdbc:postgresql:} URL
     * @param name the pool's name (its MBean's)
     * @return the pool; close it when done
     */
    public static HikariDataSource create(String url, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(url));
        config.setPoolName(name);
        String size = System.getProperty(POOL_PROPERTY);
        config.setMaximumPoolSize(size == null || size.isBlank() ? DEFAULT_SIZE : Integer.parseInt(size.strip()));
        config.setConnectionTimeout(2_000);
        config.setRegisterMbeans(true);
        return new HikariDataSource(config);
    }

    /**
     * Turns {@code postgres://user:password@host:port/database} into a JDBC URL; a {@code jdbc:postgresql:} URL is
     * returned as it is.
     *
     * @param url the URL
     * @return the JDBC URL, the user and password as its parameters
     */
    public static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        URI uri = URI.create(url);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a postgres:// or jdbc:postgresql: URL");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        jdbc.append(path == null || path.isEmpty() || "/".equals(path) ? "/postgres" : path);
        String separator = "?";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            jdbc.append("?user=").append(parts[0]);
            if (parts.length == 2) {
                jdbc.append("&password=").append(parts[1]);
            }
            separator = "&";
        }
        if (uri.getRawQuery() != null) {
            jdbc.append(separator).append(uri.getRawQuery());
        }
        return jdbc.toString();
    }
}
