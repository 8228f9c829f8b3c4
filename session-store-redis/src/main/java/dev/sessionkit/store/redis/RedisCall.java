package dev.sessionkit.store.redis;

import dev.sessionkit.store.SessionStoreException;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisException;

/** Runs one Jedis call and turns the client's failures into the store's exception, at the store boundary. */
final class RedisCall {

    private RedisCall() {
    }

    static <T> T call(String command, Supplier<T> action) {
        try {
            return action.get();
        } catch (JedisException e) {
            throw failure(command, e);
        }
    }

    /**
     * Describes a failure by its command and its exceptions' classes only: messages of client exceptions may
     * quote a server's reply or an address, and this message must never carry a key, an id or a credential.
     */
    static SessionStoreException failure(String command, RuntimeException e) {
        StringBuilder message = new StringBuilder("Redis ").append(command).append(" failed: ")
                .append(e.getClass().getSimpleName());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            message.append(" (").append(root.getClass().getSimpleName()).append(')');
        }
        return new SessionStoreException(message.toString(), e);
    }
}
