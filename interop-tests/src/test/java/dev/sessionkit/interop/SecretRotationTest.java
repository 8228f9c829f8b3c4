package dev.sessionkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.CookieSigner;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 4: rotating the signing secret across languages. express-session signs with the FIRST secret of its
 * list, SessionKit with the LAST of its list, both verify with all of them. The steps the README documents: before,
 * both {@code [old]}; the new secret added as a verifying one (express {@code [old, new]}, SessionKit
 * {@code (new, old)}: both still sign with the old one); the rotation proper (express {@code [new, old]}, SessionKit
 * {@code (old, new)}: both sign with the new one); the old one retired (both {@code [new]}). At each step cookies
 * from either side, signed at that step or before, verify on the other, and the signer is the expected secret; after
 * the retirement only the cookies signed with the old secret stop working, on both sides.
 */
@ExtendWith(NodeEnvironment.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecretRotationTest {

    private static final String OLD = "old secret of the rotation, 2025 ✓ and more";
    private static final String NEW = "new secret of the rotation, 2026 🔑 and more";

    @ParameterizedTest
    @EnumSource(JavaSide.class)
    @SuppressWarnings("try") // JavaServers.close() throws what the servers' close() throws
    void rotation_expressNewOldAndJavaOldNew_cookiesVerifyBothWaysBeforeAndAfter(JavaSide side) throws Exception {
        SignedCookie expressBefore;
        SignedCookie javaBefore;
        try (NodeServer express = NodeServer.express(List.of(OLD));
             JavaServers java = JavaServers.start(List.of(OLD), side)) {
            expressBefore = login(express.baseUri(), "e-before", OLD);
            javaBefore = login(java.uri(side), "j-before", OLD);
            assertUser(java.uri(side), expressBefore, "e-before");
            assertUser(express.baseUri(), javaBefore, "j-before");
        }

        // Step 1 of the README's rotation: the new secret verifies everywhere, the old one still signs.
        SignedCookie expressAdded;
        SignedCookie javaAdded;
        try (NodeServer express = NodeServer.express(List.of(OLD, NEW));
             JavaServers java = JavaServers.start(List.of(NEW, OLD), side)) {
            URI node = express.baseUri();
            URI javaSide = java.uri(side);
            for (URI server : List.of(node, javaSide)) {
                assertUser(server, expressBefore, "e-before");
                assertUser(server, javaBefore, "j-before");
            }
            expressAdded = login(node, "e-added", OLD);
            javaAdded = login(javaSide, "j-added", OLD);
            assertUser(javaSide, expressAdded, "e-added");
            assertUser(node, javaAdded, "j-added");
        }

        // Step 2: the new secret signs.
        SignedCookie expressAfter;
        SignedCookie javaAfter;
        try (NodeServer express = NodeServer.express(List.of(NEW, OLD));
             JavaServers java = JavaServers.start(List.of(OLD, NEW), side)) {
            URI node = express.baseUri();
            URI javaSide = java.uri(side);
            for (URI server : List.of(node, javaSide)) {
                assertUser(server, expressBefore, "e-before");
                assertUser(server, javaBefore, "j-before");
                assertUser(server, expressAdded, "e-added");
                assertUser(server, javaAdded, "j-added");
            }
            expressAfter = login(node, "e-after", NEW);
            javaAfter = login(javaSide, "j-after", NEW);
            assertUser(javaSide, expressAfter, "e-after");
            assertUser(node, javaAfter, "j-after");
        }

        // Step 3: the old secret is retired.
        try (NodeServer express = NodeServer.express(List.of(NEW));
             JavaServers java = JavaServers.start(List.of(NEW), side)) {
            for (URI server : List.of(express.baseUri(), java.uri(side))) {
                assertUser(server, expressAfter, "e-after");
                assertUser(server, javaAfter, "j-after");
                for (SignedCookie retired : List.of(expressBefore, javaBefore, expressAdded, javaAdded)) {
                    assertThat(Http.get(server, "/whoami", retired).ok())
                            .as("signed with the retired secret, on %s", server).isEqualTo("anonymous");
                    assertThat(Http.get(server, "/id", retired).ok()).isNotEqualTo(retired.id());
                }
            }
        }
    }

    /** Logs in and checks which secret signed the cookie. */
    private static SignedCookie login(URI server, String user, String expectedSigner) {
        Http.Reply login = Http.get(server, Http.path("/login", "user", user));
        SignedCookie cookie = login.cookie();
        assertThat(cookie.signed()).as("the cookie of %s is signed with the %s secret", server,
                expectedSigner.equals(NEW) ? "new" : "old").isEqualTo(CookieSigner.sign(login.ok(), expectedSigner));
        return cookie;
    }

    private static void assertUser(URI server, SignedCookie cookie, String user) {
        assertThat(Http.get(server, "/whoami", cookie).ok()).as("%s with the cookie of %s", server, user)
                .isEqualTo(user);
        assertThat(Http.get(server, "/id", cookie).ok()).isEqualTo(cookie.id());
    }
}
