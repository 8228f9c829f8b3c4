package dev.sessionkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code SESSION_SECRET} and {@code REDIS_URL} as {@link DemoEnvironment} reads them: a random secret in memory, said
 * in a WARN that never shows it; a blank {@code REDIS_URL} is no Redis; Redis without a secret stops the start-up with
 * a sentence that says what to do.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class DemoEnvironmentTest {

    @Test
    void noSecret_inMemory_startsWithARandomSecret_andSaysSo_withoutPrintingIt(CapturedOutput output)
            throws Exception {
        String secret;
        try (ConfigurableApplicationContext app = DemoAppTest.start(Map.of("REDIS_URL", "  "))) {
            secret = app.getEnvironment().getProperty("sessionkit.secret");
            assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
            assertThat(output).contains("SESSION_SECRET is not set: signing cookies with a random secret")
                    .contains("sessions in memory").doesNotContain(secret);
            assertThat(app.getEnvironment().getProperty("sessionkit.redis.url")).as("blank is not set").isNull();

            DemoClient browser = new DemoClient(app);
            assertThat(DemoClient.visits(browser.login("ada", "lovelace-demo"))).isEqualTo(1);
            assertThat(DemoClient.visits(browser.get("/"))).isEqualTo(2);
        }
        try (ConfigurableApplicationContext other = DemoAppTest.start(Map.of())) {
            assertThat(other.getEnvironment().getProperty("sessionkit.secret")).as("a new one each run")
                    .hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(secret);
        }
    }

    @Test
    void sessionSecret_isTheSigningSecret_noWarning(CapturedOutput output) {
        try (ConfigurableApplicationContext app = DemoAppTest.start(Map.of("SESSION_SECRET", DemoAppTest.SECRET))) {
            assertThat(app.getEnvironment().getProperty("sessionkit.secret")).isEqualTo(DemoAppTest.SECRET);
            assertThat(output).doesNotContain("SESSION_SECRET is not set").doesNotContain(DemoAppTest.SECRET);
        }
    }

    @Test
    void redisWithoutSecret_refusesToStart_sayingWhatToSet() {
        assertThatThrownBy(() -> DemoAppTest.start(Map.of("REDIS_URL", "redis://127.0.0.1:1")))
                .hasMessageContaining("Sessions are kept in Redis but SESSION_SECRET is not set")
                .hasMessageContaining("export SESSION_SECRET=");
    }
}
