package dev.sessionkit.testsupport.redis;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/** Starts Redis in a container through Testcontainers, where a Docker engine answers. */
final class TestcontainersRedis {

    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersRedis.class);
    /** The Redis version of the machines' Debian package (7.0.15), so both ways test against the same server. */
    static final String IMAGE = "redis:7.0";
    private static final int REDIS_PORT = 6379;

    private TestcontainersRedis() {
    }

    /** Returns the URI of a started container, or {@code null} when no Docker engine answers. */
    static URI startIfDockerAnswers() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            LOG.info("no Docker engine answers; not using containers");
            return null;
        }
        @SuppressWarnings("resource") // stopped by the Reaper when the JVM exits
        GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(REDIS_PORT);
        container.start();
        Reaper.register(container::stop);
        return URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(REDIS_PORT));
    }
}
