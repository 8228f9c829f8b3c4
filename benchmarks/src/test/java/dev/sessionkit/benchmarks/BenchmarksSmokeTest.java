package dev.sessionkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs each benchmark method once and checks its answer; and JMH itself once, briefly, in this JVM. */
class BenchmarksSmokeTest {

    @Test
    void signer_eachMethodOnce_signsAndVerifies() {
        for (int secrets = 1; secrets <= 2; secrets++) {
            SignerBenchmark benchmark = new SignerBenchmark();
            benchmark.secrets = secrets;
            benchmark.setUp();
            String signed = benchmark.sign();
            assertThat(benchmark.verifyValid()).contains(signed.substring(0, signed.lastIndexOf('.')));
            assertThat(benchmark.verifyForged()).isEmpty();
            assertThat(benchmark.verifyUnremembered()).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "counting"})
    void request_eachMethodOnce_readsAndWritesTheSession(String listeners) {
        RequestBenchmark benchmark = new RequestBenchmark();
        benchmark.listeners = listeners;
        benchmark.setUp();
        assertThat(benchmark.cookieHeader()).contains("; connect.sid=s%3A");
        assertThat(benchmark.noSession()).isEqualTo("views 0");
        assertThat(benchmark.readOnly()).isEqualTo("views 0");
        assertThat(benchmark.readWrite()).isEqualTo("views 1");
        assertThat(benchmark.readWrite()).isEqualTo("views 2");
        assertThat(benchmark.readOnly()).isEqualTo("views 2");
        // setUp's create, then loads and saves: 1 + 4 loads + 2 saves events; one store call for each.
        long expected = listeners.equals("counting") ? 7 : 0;
        assertThat(benchmark.counting().events).isEqualTo(expected);
        assertThat(benchmark.counting().calls).isEqualTo(expected);
    }

    @Test
    void jmh_oneShortIterationInThisJvm_measuresSomething() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SignerBenchmark.class.getName() + ".verifyValid")
                .param("secrets", "1")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .build()).run();
        assertThat(results).hasSize(1);
        assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
    }
}
