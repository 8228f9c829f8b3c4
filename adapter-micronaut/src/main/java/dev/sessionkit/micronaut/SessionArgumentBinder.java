package dev.sessionkit.micronaut;

import dev.sessionkit.Session;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Binds a {@code Session<T>} controller argument; the session loads on its first use, not here. */
@Singleton
@Requires(property = SessionKitFactory.ENABLED, notEquals = "false")
final class SessionArgumentBinder implements TypedRequestArgumentBinder<Session<?>> {

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Argument<Session<?>> TYPE = (Argument) Argument.of(Session.class);

    @Override
    public Argument<Session<?>> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<Session<?>> bind(ArgumentConversionContext<Session<?>> context, HttpRequest<?> request) {
        // Session<Cart> binds with a check of the configured data type; a raw Session takes whatever is configured.
        Class<?> type = context.getArgument().getFirstTypeVariable().<Class<?>>map(Argument::getType)
                .orElse(Object.class);
        Optional<Session<?>> session = Optional.of(Sessions.of(request, type));
        return () -> session;
    }
}
