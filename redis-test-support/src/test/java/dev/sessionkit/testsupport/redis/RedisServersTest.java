package dev.sessionkit.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Redis processes this module starts: they answer, stop, come back, freeze, and never outlive their owner. */
@Timeout(60)
class RedisServersTest {

    @Test
    void start_defaults_answersPingOnLoopbackWithoutPersistence() throws IOException {
        try (LocalRedis redis = RedisServers.start()) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(redis.uri()).hasToString("redis://127.0.0.1:" + redis.port());
            assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo("save\n");
            assertThat(redis.command("CONFIG", "GET", "appendonly")).isEqualTo("appendonly\nno");
            assertThat(redis.command("INFO", "server")).contains("process_id:" + redis.pid());
        }
    }

    @Test
    void start_extraArguments_overrideDefaults() throws IOException {
        try (LocalRedis redis = RedisServers.start("--requirepass", "s3cret")) {
            assertThatThrownBy(() -> redis.command("GET", "k")).isInstanceOf(Resp.ErrorReply.class)
                    .hasMessageStartingWith("NOAUTH");
        }
    }

    @Test
    void killThenRestart_samePortAndDirectory_answersAgainWithPersistedData() throws IOException {
        try (LocalRedis redis = RedisServers.start("--appendonly", "yes", "--appendfsync", "always")) {
            int port = redis.port();
            long firstPid = redis.pid();
            redis.command("SET", "k", "v");

            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThat(Resp.answers("127.0.0.1", port, Duration.ofSeconds(1))).isFalse();
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.pid()).isNotEqualTo(firstPid);
            assertThat(redis.command("GET", "k")).isEqualTo("v");
            assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }
    }

    @Test
    void pause_serverFrozen_acceptsButDoesNotAnswerUntilResumed() throws IOException {
        try (LocalRedis redis = RedisServers.start()) {
            redis.pause();
            assertThatThrownBy(() -> Resp.call("127.0.0.1", redis.port(), Duration.ofMillis(300), "PING"))
                    .isInstanceOf(java.net.SocketTimeoutException.class);

            redis.resume();
            assertThat(redis.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void close_runningServer_killsItAndDeletesDirectory() {
        LocalRedis redis = RedisServers.start();
        long pid = redis.pid();
        Path directory = redis.directory();

        redis.close();
        redis.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(Files.exists(directory)).isFalse();
        assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void watchdog_ownerPipeClosed_killsServer() throws Exception {
        try (LocalRedis redis = RedisServers.start()) {
            long pid = redis.pid();

            assertThat(redis.dropWatchdogPipe()).as("the watchdog ended the server").isTrue();

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(Resp.answers("127.0.0.1", redis.port(), Duration.ofSeconds(1))).isFalse();
        }
    }

    @Test
    void startCluster_threeMasters_formsAHealthyCluster() throws IOException {
        try (LocalRedisCluster cluster = RedisServers.startCluster(3)) {
            assertThat(cluster.nodes()).hasSize(3);
            for (LocalRedis node : cluster.nodes()) {
                String info = node.command("CLUSTER", "INFO");
                assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_size:3");
            }
        }
    }

    @Test
    void startSentinel_masterAndSentinel_sentinelReportsMaster() throws IOException {
        try (LocalRedisSentinel sentinel = RedisServers.startSentinel()) {
            assertThat(sentinel.sentinel().command("SENTINEL", "get-master-addr-by-name", "sessionkit"))
                    .isEqualTo("127.0.0.1\n" + sentinel.master().port());
            assertThat(sentinel.master().command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void startSentinel_withReplica_replicaIsOnlineAndReplicates() throws IOException {
        try (LocalRedisSentinel sentinel = RedisServers.startSentinel(1)) {
            assertThat(sentinel.replicas()).hasSize(1);
            LocalRedis replica = sentinel.replicas().get(0);
            assertThat(replica.command("INFO", "replication")).contains("role:slave",
                    "master_port:" + sentinel.master().port(), "master_link_status:up");
            assertThat(sentinel.master().command("INFO", "replication")).contains("connected_slaves:1",
                    "port=" + replica.port() + ",state=online");
            assertThat(sentinel.master().command("SET", "k", "v")).isEqualTo("OK");
            assertThat(sentinel.master().command("WAIT", "1", "5000")).isEqualTo("1");
            assertThat(replica.command("GET", "k")).isEqualTo("v");
        }
        assertThatThrownBy(() -> RedisServers.startSentinel(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startCluster_twoMasters_isRefused() {
        assertThatThrownBy(() -> RedisServers.startCluster(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Redis Cluster needs at least 3 masters, was 2");
    }
}
