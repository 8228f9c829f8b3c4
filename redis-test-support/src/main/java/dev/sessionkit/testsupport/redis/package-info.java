/**
 * Real Redis servers for SessionKit's own tests (not published): {@link dev.sessionkit.testsupport.redis.RedisServers}
 * finds one ({@code REDIS_URL}, a Testcontainers container, or {@code redis-server} from the {@code PATH}) or starts
 * private standalone, Cluster and Sentinel servers, which {@link dev.sessionkit.testsupport.redis.LocalRedis} and its
 * siblings stop, freeze and restart for failure tests.
 */
package dev.sessionkit.testsupport.redis;
