package dev.sessionkit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.Session;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.store.SessionStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A typed SessionConfig bean from an application factory, and a {@code Session<Cart>} argument. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypedSessionTest {

    /** Typed session data. */
    public static final class Cart {
        public int items;
    }

    @Factory
    @Requires(property = "spec.name", value = "typed")
    static class CartSessions {
        @Singleton
        SessionConfig<Cart> sessions(SessionStore store) {
            return SessionConfig.builder(Cart.class).store(store).secret("typed secret of at least thirty-two chars").build();
        }
    }

    @Controller("/cart")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Requires(property = "spec.name", value = "typed")
    static class CartController {
        @Get(produces = MediaType.TEXT_PLAIN)
        String add(Session<Cart> session) {
            session.data().items++;
            session.save();
            return Integer.toString(session.data().items);
        }
    }

    @Test
    void sessionArgument_typedConfigBean_bindsTypedSession() {
        try (TestServer server = TestServer.start("typed", Map.of())) {
            String cookie = TestServer.cookieOf(server.get("/cart"));

            assertThat(server.get("/cart", cookie).body()).isEqualTo("2");
        }
    }
}
