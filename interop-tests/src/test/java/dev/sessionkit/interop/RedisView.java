package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/** Reads what the two sides left in the shared Redis, to check the layout: keys, JSON, time-to-live. */
final class RedisView implements StoreView {

    private final RedisClient client = RedisClient.create(NodeEnvironment.redisUri());

    /** The raw value under {@code key}, or {@code null}. */
    String get(String key) {
        return client.get(key);
    }

    /** The record under {@code key}, parsed; fails when there is none. */
    JsonNode record(String key) {
        String json = client.get(key);
        if (json == null) {
            throw new AssertionError("no record under " + key);
        }
        return Json.read(json);
    }

    /** Replaces the value under {@code key}, keeping its time-to-live: what a test does to age a record. */
    void replaceKeepingTtl(String key, String json) {
        client.set(key, json, SetParams.setParams().keepTtl().xx());
    }

    boolean exists(String key) {
        return client.exists(key);
    }

    /** The time-to-live in seconds ({@code -2}: no key, {@code -1}: no expiry). */
    long ttl(String key) {
        return client.ttl(key);
    }

    /** Every key that contains {@code id}, to see exactly where a library put a session. */
    Set<String> keysContaining(String id) {
        return new TreeSet<>(client.keys("*" + id.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*"));
    }

    @Override
    public JsonNode record(SignedCookie cookie) {
        return record(cookie.key());
    }

    @Override
    public boolean exists(SignedCookie cookie) {
        return exists(cookie.key());
    }

    @Override
    public long secondsLeft(SignedCookie cookie) {
        return ttl(cookie.key());
    }

    /** The key's TTL is {@code ceil((expires - now) / 1 s)}, give or take the time the test took (a slow, loaded machine included). */
    @Override
    public void assertExpiryFollows(SignedCookie cookie, Instant expires) {
        long expected = expectedTtl(expires);
        assertThat(ttl(cookie.key())).as("TTL of %s, whose cookie expires at %s", cookie.key(), expires)
                .isBetween(expected - 10, expected + 1);
    }

    /** connect-redis's time-to-live for a record whose cookie expires at {@code expires}, as seen now. */
    static long expectedTtl(Instant expires) {
        long millis = expires.toEpochMilli() - System.currentTimeMillis();
        return (long) Math.ceil(millis / 1000.0);
    }

    @Override
    public void close() {
        client.close();
    }
}
