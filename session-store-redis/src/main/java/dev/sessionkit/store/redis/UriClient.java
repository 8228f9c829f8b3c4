package dev.sessionkit.store.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The standalone client a store builds for a {@code redis://} or {@code rediss://} URI, with its timeouts and pool
 * size. Messages about a URI never show its user information, which may hold a password.
 */
final class UriClient {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The pool's default size: enough that a server's ordinary concurrency does not queue for a connection (Jedis's
     * own default, 8, made 32 concurrent requests wait, and tripled the tail latency of a load run), small against
     * Redis's 10,000 clients for many instances.
     */
    static final int DEFAULT_MAX_CONNECTIONS = 64;

    private UriClient() {
    }

    static URI parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            return check(new URI(uri));
        } catch (URISyntaxException e) {
            // The input may hold a password: say where it is malformed, not what it says.
            throw new IllegalArgumentException("uri is not a valid URI (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
    }

    static URI check(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("uri must start with redis:// or rediss://, was " + redacted(uri));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("uri must name a host, was " + redacted(uri));
        }
        return uri;
    }

    /** The URI without its user information, which may hold a password. */
    private static String redacted(URI uri) {
        String text = uri.toString();
        String userInfo = uri.getRawUserInfo();
        return userInfo == null ? text : text.replace(userInfo + "@", "***@");
    }

    /** The client settings of the store's builder, each checked when set; {@code null} means the default. */
    static final class Settings {
        private Duration connectTimeout;
        private Duration readTimeout;
        private Integer maxConnections;

        void connectTimeout(Duration timeout) {
            connectTimeout = checkTimeout("connectTimeout", timeout);
        }

        void readTimeout(Duration timeout) {
            readTimeout = checkTimeout("readTimeout", timeout);
        }

        /** The read timeout the client will have: the one set, else the default. */
        Duration readTimeout() {
            return readTimeout != null ? readTimeout : DEFAULT_TIMEOUT;
        }

        void maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + connections);
            }
            maxConnections = connections;
        }

        boolean isSet() {
            return connectTimeout != null || readTimeout != null || maxConnections != null;
        }

        private static Duration checkTimeout(String name, Duration timeout) {
            Objects.requireNonNull(timeout, name);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE
                        + " ms, was " + timeout);
            }
            return timeout;
        }
    }

    /**
     * Creates the client: credentials, database and protocol from the URI, TLS for {@code rediss://} (the JVM's
     * trust store, and the certificate must name the host), and a pool whose wait for a free connection is bounded
     * by the read timeout, as Jedis would otherwise wait forever.
     */
    static RedisClient create(URI uri, Settings settings) {
        Duration connect = settings.connectTimeout != null ? settings.connectTimeout : DEFAULT_TIMEOUT;
        Duration read = settings.readTimeout != null ? settings.readTimeout : DEFAULT_TIMEOUT;
        int maxConnections = settings.maxConnections != null ? settings.maxConnections : DEFAULT_MAX_CONNECTIONS;
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connect.toMillis())
                .socketTimeoutMillis((int) read.toMillis())
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri));
        if (JedisURIHelper.isRedisSSLScheme(uri)) {
            config.sslOptions(SslOptions.defaults()); // SslVerifyMode.FULL
        }
        RedisProtocol protocol = JedisURIHelper.getRedisProtocol(uri);
        if (protocol != null) {
            config.protocol(protocol);
        }
        HostAndPort address = new HostAndPort(uri.getHost(),
                uri.getPort() == -1 ? Protocol.DEFAULT_PORT : uri.getPort());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxWait(read);
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections); // connections opened for a peak stay open: reopening one costs a round trip
        return RedisClient.builder().hostAndPort(address).clientConfig(config.build()).poolConfig(pool).build();
    }
}
