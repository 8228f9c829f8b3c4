package dev.sessionkit.interop;

import dev.sessionkit.testsupport.postgres.LocalPostgres;
import dev.sessionkit.testsupport.postgres.PostgresServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the connect-pg-simple scenarios need, set up once per JVM: Node and the npm packages as
 * {@link NodeEnvironment} prepares them, and one private PostgreSQL cluster that both sides share, closed when the test
 * run ends. The cluster comes from {@code postgres-test-support}'s {@link PostgresServers#start(Map)}, so from the same
 * binaries as the store's own tests (a failure under {@code CI}, a loud skip elsewhere, when there are none); it
 * always is a private one ({@code PG_URL} is not used), because its {@code timezone} is set to {@link #SERVER_ZONE},
 * not UTC. Its table {@code session} is made by connect-pg-simple's own {@code table.sql}, as an express application
 * that came first would have it.
 */
final class PostgresEnvironment implements BeforeAllCallback {

    /** The server's {@code timezone}: not UTC, so that a store that wrote or read another zone's clock would be off. */
    static final ZoneId SERVER_ZONE = ZoneId.of("America/New_York");
    /** The table, connect-pg-simple's default name. */
    static final String TABLE = "session";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresEnvironment.class);
    private static volatile LocalPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) {
        NodeEnvironment.prepareNode();
        server = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("postgres", key -> startWithTable(), LocalPostgres.class);
    }

    private static LocalPostgres startWithTable() {
        LocalPostgres started = PostgresServers.start(Map.of("timezone", SERVER_ZONE.getId()));
        Path tableSql = NodeEnvironment.nodeDirectory().resolve("node_modules/connect-pg-simple/table.sql");
        try (Connection connection = DriverManager.getConnection(started.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(tableSql));
            return started;
        } catch (SQLException | IOException | RuntimeException e) {
            started.close();
            throw new IllegalStateException("could not create connect-pg-simple's table from " + tableSql, e);
        }
    }

    /** The cluster both sides share. */
    static LocalPostgres server() {
        LocalPostgres running = server;
        if (running == null) {
            throw new IllegalStateException("PostgresEnvironment has not run: add @ExtendWith(PostgresEnvironment.class)");
        }
        return running;
    }
}
