package dev.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.testsupport.redis.LocalRedis;
import dev.sessionkit.testsupport.redis.RedisServers;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;

/** Queueing for a pooled connection is logged, at most once a minute; a pool that never queues logs nothing. */
@Timeout(60)
class PoolWatchTest {

    private static LocalRedis server;

    @BeforeAll
    static void start() {
        server = RedisServers.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RedisClient client(int connections) {
        UriClient.Settings settings = new UriClient.Settings();
        settings.maxConnections(connections);
        settings.readTimeout(Duration.ofSeconds(30));
        return UriClient.create(URI.create("redis://" + server.address()), settings);
    }

    @Test
    void aCallWaitingForTheOnlyConnection_isReported_thenNotAgainForAMinute() throws Exception {
        AtomicLong nanos = new AtomicLong();
        try (RedisClient client = client(1)) {
            PoolWatch watch = new PoolWatch(client.getPool(), nanos::get);
            Thread waiting;
            try (Connection held = client.getPool().getResource()) {
                waiting = new Thread(() -> client.get("pool-watch-test"));
                waiting.start();
                while (client.getPool().getNumWaiters() == 0) {
                    Thread.onSpinWait(); // until the call queues behind the held connection
                }

                assertThat(watch.check()).contains("1 waiting now, a pool of 1").contains("raise maxConnections");
                nanos.addAndGet(Duration.ofSeconds(1).toNanos());
                assertThat(watch.check()).as("checked again a second later, logged once a minute").isNull();
                nanos.addAndGet(Duration.ofSeconds(60).toNanos());
                assertThat(watch.check()).as("a minute later, still waiting").contains("1 waiting now");
                assertThat(held.ping()).as("the held connection still works").isTrue();
            }
            waiting.join();
        }
    }

    /** The first borrows of a pool wait for their connection to open: that is not queueing, the pool is not full. */
    @Test
    void connectionsOpening_notReported() {
        AtomicLong nanos = new AtomicLong();
        try (RedisClient client = client(UriClient.DEFAULT_MAX_CONNECTIONS)) {
            PoolWatch watch = new PoolWatch(client.getPool(), nanos::get);
            client.get("pool-watch-test");
            assertThat(client.getPool().getNumIdle() + client.getPool().getNumActive()).isLessThan(64);

            assertThat(watch.check()).isNull();
        }
    }

    @Test
    void callsThatNeverWait_reportNothing() {
        AtomicLong nanos = new AtomicLong();
        try (RedisClient client = client(UriClient.DEFAULT_MAX_CONNECTIONS)) {
            PoolWatch watch = new PoolWatch(client.getPool(), nanos::get);
            for (int i = 0; i < 200; i++) {
                client.get("pool-watch-test");
                nanos.addAndGet(Duration.ofMillis(100).toNanos());
                assertThat(watch.check()).isNull();
            }
            assertThat(client.getPool().getMaxTotal()).isEqualTo(64);
        }
    }

    @Test
    void storeFromAUri_watchesItsPool_storeOnAClient_doesNot() {
        try (RedisSessionStore fromUri = RedisSessionStore.builder("redis://" + server.address()).build();
             RedisClient client = client(2);
             RedisSessionStore onClient = RedisSessionStore.create(client)) {
            assertThat(fromUri.poolWatch()).isNotSameAs(PoolWatch.NONE);
            assertThat(onClient.poolWatch()).isSameAs(PoolWatch.NONE);
            assertThat(PoolWatch.NONE.check()).isNull();
        }
    }
}
