package dev.sessionkit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkit.CookieSigner;
import dev.sessionkit.SessionConfig;
import dev.sessionkit.store.SessionStore;
import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.testkit.InMemorySessionStore;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Options from {@code sessionkit.*} properties, the store bean, and a whole SessionConfig bean. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigurationTest {

    private static final String S = "a secret of at least thirty-two characters";

    /** The session id in a {@code name=s%3A…} pair, if it verifies with the secret. */
    private static String idOf(String pair, String secret) {
        String value = URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(value).startsWith("s:");
        return CookieSigner.of(secret).unsign(value.substring(2)).orElse(null);
    }

    @Test
    void enabledFalse_noFilterNoConfigNoStore_andNoSecretNeeded() {
        try (io.micronaut.context.ApplicationContext off = io.micronaut.context.ApplicationContext.run(
                Map.of("sessionkit.enabled", "false"))) {
            assertThat(off.containsBean(SessionServerFilter.class)).isFalse();
            assertThat(off.containsBean(SessionArgumentBinder.class)).isFalse();
            assertThat(off.containsBean(SessionConflictHandler.class)).isFalse();
            assertThat(off.containsBean(SessionConfig.class)).isFalse();
            assertThat(off.containsBean(SessionStore.class)).isFalse();
        }
        try (io.micronaut.context.ApplicationContext on = io.micronaut.context.ApplicationContext.run(
                Map.of("sessionkit.secret", S, "sessionkit.enabled", "true"))) {
            assertThat(on.containsBean(SessionServerFilter.class)).isTrue();
            assertThat(on.getBean(SessionConfig.class).store()).isInstanceOf(CaffeineSessionStore.class);
        }
    }

    @Test
    void cookieProperties_fromProperties_showInSetCookie() {
        Map<String, Object> properties = Map.of(
                "sessionkit.secret", "property secret of at least 32 characters",
                "sessionkit.name", "sid",
                "sessionkit.cookie.max-age", "P7D",
                "sessionkit.cookie.same-site", "strict",
                "sessionkit.cookie.secure", "false",
                "sessionkit.cookie.http-only", "false",
                "sessionkit.cookie.domain", "example.com",
                "sessionkit.cookie.path", "/");
        try (TestServer server = TestServer.start("reference", properties)) {
            HttpResponse<String> response = server.get("/views");

            String header = response.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(header).matches("sid=s%3A[^;]+; Max-Age=604800; Domain=example\\.com; Path=/; "
                    + "Expires=[^;]+ GMT; SameSite=Strict");
            assertThat(idOf(TestServer.cookieOf(response), "property secret of at least 32 characters")).isNotNull();
        }
    }

    @Test
    void flagProperties_set_saveUninitializedRollingAndAutoSaveApply() {
        Map<String, Object> properties = Map.of(
                "sessionkit.secret", "property secret of at least 32 characters",
                "sessionkit.save-uninitialized", "true",
                "sessionkit.rolling", "true",
                "sessionkit.auto-save", "true");
        try (TestServer server = TestServer.start("reference", properties)) {
            HttpResponse<String> peek = server.get("/views/peek");
            String cookie = TestServer.cookieOf(peek);

            assertThat(server.get("/views/nosave", cookie).body()).isEqualTo("1");
            HttpResponse<String> again = server.get("/views/peek", cookie);

            assertThat(again.body()).as("autoSave kept the unsaved change").isEqualTo("1");
            assertThat(again.headers().allValues("Set-Cookie")).as("rolling").hasSize(1);
        }
    }

    @Test
    void secretsAndSecureAuto_set_lastSecretSignsAndSecureFollowsTrustedProxy() {
        Map<String, Object> properties = Map.of(
                "sessionkit.secrets", List.of("old secret of at least thirty-two chars",
                        "new secret of at least thirty-two chars"),
                "sessionkit.cookie.secure", "auto",
                "sessionkit.trust-proxy", "true");
        try (TestServer server = TestServer.start("reference", properties)) {
            HttpResponse<String> plain = server.get("/views");
            HttpResponse<String> proxied = server.send(HttpRequest.newBuilder(server.baseUri().resolve("/views"))
                    .header("X-Forwarded-Proto", "https"));

            String cookie = TestServer.cookieOf(plain);
            assertThat(idOf(cookie, "new secret of at least thirty-two chars")).isNotNull();
            assertThat(idOf(cookie, "old secret of at least thirty-two chars")).isNull();
            assertThat(plain.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
            assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow())
                    .endsWith("; HttpOnly; Secure; SameSite=Lax");
        }
    }

    @Test
    void storeBean_absent_defaultCaffeineStoreIsUsed() {
        try (TestServer server = TestServer.start("reference", Map.of("sessionkit.secret", S))) {
            String cookie = TestServer.cookieOf(server.get("/views"));

            assertThat(server.get("/views", cookie).body()).isEqualTo("2");
            SessionStore store = server.context().getBean(SessionStore.class);
            assertThat(store).isInstanceOf(CaffeineSessionStore.class);
            assertThat(store.facets().enumeration().orElseThrow().length()).isEqualTo(1);
            assertThat(server.get("/store/length").body()).isEqualTo("1");
        }
    }

    @Test
    void storeBean_provided_isUsed() {
        InMemorySessionStore store = InMemorySessionStore.create(Clock.systemUTC());
        try (TestServer server = TestServer.start("reference", Map.of("sessionkit.secret", S), store)) {
            String id = idOf(TestServer.cookieOf(server.get("/views")), S);

            assertThat(store.get(id)).isPresent();
        }
    }

    @Test
    void sessionConfigBean_provided_winsOverProperties() {
        InMemorySessionStore store = InMemorySessionStore.create(Clock.systemUTC());
        SessionConfig<?> config = SessionConfig.builder().store(store).secret("bean secret of at least 32 characters").build();
        Map<String, Object> properties = Map.of("sessionkit.secret", "property secret of at least 32 characters", "sessionkit.name", "sid");
        try (TestServer server = TestServer.start("reference", properties, config)) {
            String cookie = TestServer.cookieOf(server.get("/views"));

            assertThat(cookie).startsWith("connect.sid=");
            assertThat(store.get(idOf(cookie, "bean secret of at least 32 characters"))).isPresent();
        }
    }

    /**
     * Starts a Micronaut context in a class loader that has the test class path without the Caffeine store and
     * Caffeine, as an application that did not add them, and returns what the start threw.
     */
    private static Throwable startWithoutCaffeine(Map<String, Object> properties) throws Exception {
        String[] classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator);
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath) {
            if (!entry.contains("session-store-caffeine") && !entry.contains("ben-manes")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(urls).as("the class path had the entries to remove").hasSizeLessThan(classPath.length);
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("dev.sessionkit.store.caffeine.CaffeineSessionStore"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> applicationContext = loader.loadClass("io.micronaut.context.ApplicationContext");
            try {
                Object started = applicationContext.getMethod("run", Map.class, String[].class)
                        .invoke(null, properties, new String[0]);
                ((AutoCloseable) started).close();
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            }
        }
    }

    @Test
    void startup_noStoreBeanAndNoCaffeineModule_failsNamingTheModuleToAdd() throws Exception {
        Throwable failure = startWithoutCaffeine(Map.of("sessionkit.secret", S));

        assertThat(failure).isNotNull();
        assertThat(failure).hasStackTraceContaining("no SessionStore bean: add dev.sessionkit:session-store-caffeine");
    }

    @Test
    void pom_caffeineStoreDependency_isOptional() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        NodeList dependencies = pom.getElementsByTagName("dependency");
        Element caffeine = null;
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (text(dependency, "artifactId").equals("session-store-caffeine")) {
                caffeine = dependency;
            }
        }

        assertThat(caffeine).as("the session-store-caffeine dependency").isNotNull();
        assertThat(text(caffeine, "optional")).isEqualTo("true");
        assertThat(text(caffeine, "scope")).isIn("", "compile");
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    @Test
    void startup_noCaffeineModuleButAStoreBean_starts() throws Exception {
        // The store bean comes from a class of this test module, which the filtered class loader also sees.
        Throwable failure = startWithoutCaffeine(Map.of("sessionkit.secret", S, "test.store-bean", "true"));

        assertThat(failure).isNull();
    }

    @Test
    void startup_badValue_failsNamingTheProperty() {
        Map<String, Object> properties = Map.of("sessionkit.secret", S, "sessionkit.cookie.max-age", "7d");

        assertThatThrownBy(() -> TestServer.start("reference", properties).close())
                .hasStackTraceContaining("option 'cookie.max-age': expected whole seconds (3600) or an ISO-8601 "
                        + "duration (PT1H), found '7d'");
    }

    @Test
    void startup_noSecret_failsWithClearMessage() {
        assertThatThrownBy(() -> TestServer.start("reference", Map.of()).close())
                .hasStackTraceContaining("no session secret configured: set sessionkit.secret");
    }
}
