package dev.sessionkit.benchmarks.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How {@link ProfileAccount} attributes a stack: to SessionKit only what runs from its innermost frame on. */
class ProfileAccountTest {

    private static Map<String, Double> account(String... lines) {
        return ProfileAccount.account(List.of(lines), 1, 1, new TreeMap<>()); // one unit a sample, one request
    }

    @Test
    void theChainBehindTheFilter_isTheFrameworks_theSignatureIsSessionKits() {
        Map<String, Double> costs = account(
                "[qtp-1];org/eclipse/jetty/server/Server.handle;dev/sessionkit/servlet/SessionFilter.doFilter;"
                        + "org/eclipse/jetty/ee10/servlet/FilterChain.doFilter;dev/sessionkit/benchmarks/load/"
                        + "JettyServers$Pages.service;java/lang/String.getBytes 3",
                "[qtp-1];org/eclipse/jetty/server/Server.handle;dev/sessionkit/servlet/SessionFilter.doFilter;"
                        + "dev/sessionkit/CookieSigner.verifies;javax/crypto/Mac.doFinal 2",
                "[qtp-1];org/eclipse/jetty/io/ChannelEndPoint.flush;__send_[k] 5",
                "[C2 CompilerThread0];Compile::Compile 7");

        assertThat(costs.get("rest (framework, JDK, native)")).isEqualTo(3);
        assertThat(costs.get("SessionKit: cookie signature (HMAC-SHA256)")).isEqualTo(2);
        assertThat(costs.get("kernel (system calls, network, scheduling)")).isEqualTo(5);
        assertThat(costs.get("JIT compiler threads")).isEqualTo(7);
        assertThat(costs.get("SessionKit: other")).isZero();
    }
}
