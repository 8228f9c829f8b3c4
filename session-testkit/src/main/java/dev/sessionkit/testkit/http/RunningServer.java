package dev.sessionkit.testkit.http;

import java.net.URI;

/**
 * A server an adapter's test started for the conformance suite, serving {@link ReferenceApp} on
 * {@code 127.0.0.1} on a free port.
 */
@SuppressWarnings("try") // servers' stop methods throw Exception; tests close them outside try-with-resources
public interface RunningServer extends AutoCloseable {

    /**
     * Returns where the server listens, for example {@code http://127.0.0.1:41234}.
     *
     * @return the base URI, without a trailing slash
     */
    URI baseUri();

    /**
     * Stops the server.
     *
     * @throws Exception when stopping fails
     */
    @Override
    void close() throws Exception;
}
