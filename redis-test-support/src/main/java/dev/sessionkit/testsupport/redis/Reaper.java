package dev.sessionkit.testsupport.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes, at JVM shutdown, whatever this module started and a test forgot (or could not) close: Redis processes and
 * containers. Processes started through {@link LocalRedis} die with the JVM even without this hook (see its
 * watchdog); the hook also deletes their temporary directories.
 */
final class Reaper {

    private static final Set<AutoCloseable> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::closeAll, "sessionkit-redis-reaper"));
    }

    private Reaper() {
    }

    static void register(AutoCloseable resource) {
        LIVE.add(resource);
    }

    static void unregister(AutoCloseable resource) {
        LIVE.remove(resource);
    }

    private static void closeAll() {
        for (AutoCloseable resource : LIVE) {
            try {
                resource.close();
            } catch (Exception e) {
                // The JVM is exiting: nothing better to do than to go on with the others.
            }
        }
    }
}
