/**
 * A {@link dev.sessionkit.store.SessionStore} in Redis, on Jedis, in connect-redis's layout so that Node services using
 * express-session + connect-redis can share the sessions. Start at
 * {@link dev.sessionkit.store.redis.RedisSessionStore#builder(String)} (a URI) or
 * {@link dev.sessionkit.store.redis.RedisSessionStore#builder(redis.clients.jedis.UnifiedJedis)} (a standalone,
 * Sentinel or Cluster client the application already has).
 */
package dev.sessionkit.store.redis;
