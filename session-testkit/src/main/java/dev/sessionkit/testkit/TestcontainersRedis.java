package dev.sessionkit.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Redis in a container through Testcontainers, without a compile-time dependency on it: the testkit's users
 * who want containers add {@code org.testcontainers:testcontainers} to their test classpath; everyone else gets the
 * {@code redis-server} binary. Every member used is looked up before Docker is probed, so a Testcontainers release
 * that changed them fails loudly wherever it is on the classpath, not only where Docker runs.
 */
final class TestcontainersRedis {

    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersRedis.class);
    /** The Redis version of the machines' Debian package (7.0.15), so both ways test against the same server. */
    static final String IMAGE = "redis:7.0";
    private static final int REDIS_PORT = 6379;

    private TestcontainersRedis() {
    }

    /** The reflective handles on Testcontainers' API. */
    record Api(Method instance, Method isDockerAvailable, Constructor<?> container, Method withExposedPorts,
            Method start, Method stop, Method getHost, Method getMappedPort) {

        /** Returns the handles, or {@code null} when Testcontainers is not on the classpath. */
        static Api resolve() {
            ClassLoader loader = TestcontainersRedis.class.getClassLoader();
            Class<?> factory;
            try {
                factory = Class.forName("org.testcontainers.DockerClientFactory", false, loader);
            } catch (ClassNotFoundException e) {
                return null;
            }
            try {
                Class<?> container = Class.forName("org.testcontainers.containers.GenericContainer", false, loader);
                return new Api(factory.getMethod("instance"), factory.getMethod("isDockerAvailable"),
                        container.getConstructor(String.class), container.getMethod("withExposedPorts",
                        Integer[].class), container.getMethod("start"), container.getMethod("stop"),
                        container.getMethod("getHost"), container.getMethod("getMappedPort", int.class));
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("Testcontainers is on the classpath but its API is not the one the "
                        + "testkit knows (GenericContainer, DockerClientFactory): " + e, e);
            }
        }
    }

    /** Returns the URI of a started container, or {@code null} when Testcontainers is absent or Docker is not. */
    static URI startIfDockerAnswers() {
        Api api = Api.resolve();
        if (api == null) {
            return null;
        }
        try {
            Object factory = api.instance().invoke(null);
            if (!Boolean.TRUE.equals(api.isDockerAvailable().invoke(factory))) {
                LOG.info("Testcontainers is on the classpath but no Docker engine answers; not using containers");
                return null;
            }
            Object container = api.container().newInstance(IMAGE);
            api.withExposedPorts().invoke(container, (Object) new Integer[] {REDIS_PORT});
            api.start().invoke(container);
            Reaper.register(() -> api.stop().invoke(container));
            String host = (String) api.getHost().invoke(container);
            int port = (Integer) api.getMappedPort().invoke(container, REDIS_PORT);
            return URI.create("redis://" + host + ":" + port);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Testcontainers could not start " + IMAGE + ": " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Testcontainers could not be used: " + e, e);
        }
    }
}
