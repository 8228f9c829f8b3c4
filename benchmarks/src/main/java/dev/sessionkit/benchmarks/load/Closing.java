package dev.sessionkit.benchmarks.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what a server opened, on the way out, without letting one failure hide the others. */
final class Closing {

    private static final Logger LOG = LoggerFactory.getLogger(Closing.class);

    private Closing() {
    }

    static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
