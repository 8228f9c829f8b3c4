package dev.sessionkit.benchmarks.load;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.SessionData;
import dev.sessionkit.benchmarks.Fixtures;
import dev.sessionkit.servlet.SessionFilter;
import dev.sessionkit.servlet.Sessions;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.store.postgres.PostgresSessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The servers on embedded Jetty 12 (ee10, Servlet 6.0): SessionKit's filter, and Spring Session's
 * {@link SessionRepositoryFilter} set up as {@code @EnableRedisHttpSession} (or {@code @EnableRedisIndexedHttpSession})
 * does it, without Spring Boot; and both on PostgreSQL: SessionKit's filter on {@link PostgresSessionStore}, Spring
 * Session's filter on {@link JdbcIndexedSessionRepository} set up as {@code @EnableJdbcHttpSession} does it, each on a
 * HikariCP pool of the same size ({@link PostgresPools}).
 */
final class JettyServers {

    /** The system property that sets the idle timeout of the server's thread pool, in milliseconds. */
    static final String IDLE_TIMEOUT_PROPERTY = "benchmarks.jettyIdleTimeoutMs";

    private JettyServers() {
    }

    /** SessionKit's filter on the Redis store, or on the Caffeine store when {@code redisUrl} is {@code null}. */
    static LoadServer.Running sessionKit(int port, String redisUrl) throws Exception {
        RedisStores.Store redis = redisUrl == null ? null : RedisStores.create(redisUrl);
        SessionConfig<SessionData> config = SessionConfig.builder()
                .store(redis == null ? CaffeineSessionStore.create() : redis.store())
                .secret(Fixtures.SECRET).build();
        Server server = start(port, new SessionFilter(config), new SessionKitServlet());
        return running(server, redis == null ? null : redis.closer());
    }

    /**
     * SessionKit's filter on the PostgreSQL store, in connect-pg-simple's table {@code session} (which the harness
     * creates), as the store's README configures it: a UTC server, the prune job at its default interval.
     */
    static LoadServer.Running sessionKitPostgres(int port, String url) throws Exception {
        HikariDataSource pool = PostgresPools.create(url, "sessionkit-postgres");
        PostgresSessionStore store;
        try {
            store = PostgresSessionStore.builder(pool).build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        SessionConfig<SessionData> config = SessionConfig.builder().store(store).secret(Fixtures.SECRET).build();
        Server server = start(port, new SessionFilter(config), new SessionKitServlet());
        return running(server, () -> {
            Closing.quietly(store);
            pool.close();
        });
    }

    /**
     * Spring Session JDBC's {@link JdbcIndexedSessionRepository} behind the same {@link SessionRepositoryFilter} and
     * pages as {@link #springSession}, in the tables of its own {@code schema-postgresql.sql} (which the harness
     * creates), set up as {@code JdbcHttpSessionConfiguration.sessionRepository()} does it: a {@code JdbcTemplate}
     * with the SQL-error-code translator, a {@code REQUIRES_NEW} transaction template on a
     * {@code DataSourceTransactionManager}, JDK serialisation of attributes, the expired-session cleanup every minute
     * (the repository's default cron, run by its own scheduler), flush on save.
     */
    static LoadServer.Running springSessionJdbc(int port, String url) throws Exception {
        HikariDataSource pool = PostgresPools.create(url, "spring-session-jdbc");
        JdbcIndexedSessionRepository repository;
        try {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.setExceptionTranslator(new SQLErrorCodeSQLExceptionTranslator(pool));
            jdbc.afterPropertiesSet();
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(pool);
            transactions.afterPropertiesSet();
            TransactionTemplate transaction = new TransactionTemplate(transactions);
            transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            transaction.afterPropertiesSet();
            repository = new JdbcIndexedSessionRepository(jdbc, transaction);
            GenericConversionService conversions = new GenericConversionService();
            conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
            conversions.addConverter(byte[].class, Object.class,
                    new DeserializingConverter(JettyServers.class.getClassLoader()));
            repository.setConversionService(conversions);
            repository.afterPropertiesSet();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Server server = start(port, new SessionRepositoryFilter<>(repository), new HttpSessionServlet());
        return running(server, () -> {
            Closing.quietly(repository::destroy);
            pool.close();
        });
    }

    /** The same Jetty and servlet container without a filter: the pages keep one process-wide counter. */
    static LoadServer.Running withoutSessions(int port) throws Exception {
        return running(start(port, null, new CounterServlet()), null);
    }

    static LoadServer.Running springSession(int port, String redisUrl, boolean indexed) throws Exception {
        URI uri = URI.create(redisUrl);
        LettuceConnectionFactory connections =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        // As AbstractRedisHttpSessionConfiguration.createRedisTemplate: string keys, JDK-serialised values.
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setConnectionFactory(connections);
        template.afterPropertiesSet();
        // The indexed repository without its keyspace-event listener (which @EnableRedisIndexedHttpSession adds, with
        // CONFIG SET notify-keyspace-events and a PSUBSCRIBE): per-request commands are the same, Redis's load lower.
        SessionRepository<?> repository = indexed
                ? new RedisIndexedSessionRepository(template)
                : new RedisSessionRepository(template);
        Server server = start(port, new SessionRepositoryFilter<>(repository), new HttpSessionServlet());
        return running(server, connections::destroy);
    }

    private static Server start(int port, Filter filter, HttpServlet servlet) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(servlet), "/*");
        // Jetty's defaults (200 threads at most, 8 at least, 60 s idle), the idle timeout settable for the fault
        // run: Jetty retires at most one idle thread per idle timeout, so after a burst its pool takes minutes to
        // shrink back at 60 s.
        QueuedThreadPool threads = new QueuedThreadPool(200, 8,
                Integer.getInteger(IDLE_TIMEOUT_PROPERTY, 60_000));
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        if (filter != null) {
            http.setHeaderCacheCaseSensitive(true); // Cookie values must reach SessionKit as sent (see adapter-servlet)
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return server;
    }

    private static LoadServer.Running running(Server server, AutoCloseable client) {
        return new LoadServer.Running() {
            @Override
            public int port() {
                return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            }

            @Override
            public void close() {
                Closing.quietly(server::stop);
                if (client != null) {
                    Closing.quietly(client);
                }
            }
        };
    }

    private static void answer(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write(body);
    }

    /** The pages on SessionKit's {@link SessionFilter}. */
    private static final class SessionKitServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getRequestURI()) {
                case "/read" -> {
                    Session<SessionData> session = Sessions.of(request);
                    answer(response, LoadServer.page(session.data().getLong("views").orElse(0)));
                }
                case "/write" -> {
                    Session<SessionData> session = Sessions.of(request);
                    long views = session.data().getLong("views").orElse(0) + 1;
                    session.data().put("views", views);
                    session.save();
                    answer(response, LoadServer.page(views));
                }
                case "/increment" -> answer(response, LoadServer.page(LoadServer.increment(Sessions.of(request))));
                case "/logout" -> answer(response, LoadServer.logout(Sessions.of(request)));
                case "/plain" -> answer(response, "plain");
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        }
    }

    /** The pages without sessions: one process-wide counter, as the Javalin baseline. */
    private static final class CounterServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final AtomicLong counter = new AtomicLong();

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getRequestURI()) {
                case "/read" -> answer(response, LoadServer.page(counter.get()));
                case "/write" -> answer(response, LoadServer.page(counter.incrementAndGet()));
                case "/plain" -> answer(response, "plain");
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        }
    }

    /** The pages on the Servlet {@link HttpSession} API, which Spring Session implements. */
    private static final class HttpSessionServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getRequestURI()) {
                case "/read" -> {
                    // getSession(false): a read creates no session, as SessionKit's read saves none.
                    HttpSession session = request.getSession(false);
                    answer(response, LoadServer.page(session == null ? 0 : views(session)));
                }
                case "/write" -> {
                    HttpSession session = request.getSession();
                    long views = views(session) + 1;
                    session.setAttribute("views", views);
                    answer(response, LoadServer.page(views));
                }
                case "/plain" -> answer(response, "plain");
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        }

        private static long views(HttpSession session) {
            Object views = session.getAttribute("views");
            return views instanceof Long count ? count : 0;
        }
    }
}
