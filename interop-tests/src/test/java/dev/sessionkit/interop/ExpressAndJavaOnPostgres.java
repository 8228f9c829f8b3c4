package dev.sessionkit.interop;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the connect-pg-simple scenarios share: the shared PostgreSQL (its {@code timezone} New York's), an
 * express-session app on connect-pg-simple and the three SessionKit servers on a {@code PostgresSessionStore}, all
 * in the one table {@code session} and with {@link Secrets#SHARED}, started once per test class and always stopped.
 */
@ExtendWith(PostgresEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ExpressAndJavaOnPostgres implements BothSides {

    static PostgresView pg;
    static NodeServer express;
    static JavaServers java;

    @BeforeAll
    static void start() throws Exception {
        pg = new PostgresView();
        express = NodeServer.expressOnPostgres(List.of(Secrets.SHARED), PostgresEnvironment.server().url());
        java = JavaServers.startOnPostgres(List.of(Secrets.SHARED));
    }

    @AfterAll
    @SuppressWarnings("try") // the resources are only closed
    static void stop() throws Exception {
        try (PostgresView p = pg; NodeServer e = express; JavaServers j = java) {
            // closed in reverse order, each even if another fails
        }
    }

    @Override
    public URI expressUri() {
        return express.baseUri();
    }

    @Override
    public URI javaUri(JavaSide side) {
        return java.uri(side);
    }

    @Override
    public StoreView store() {
        return pg;
    }
}
