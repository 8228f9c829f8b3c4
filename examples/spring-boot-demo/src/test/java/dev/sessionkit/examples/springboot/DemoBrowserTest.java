package dev.sessionkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.testsupport.browser.Chromium;
import dev.sessionkit.testsupport.browser.DemoPage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot demo as a person uses it, in headless Chromium: Spring Security's login page, the counter going up
 * on reload, logout; and two browsers (separate profiles, so separate cookie jars: two devices) logged in as the
 * same user, one logging out the other. Needs Debian's {@code chromium} ({@code .ci/run} installs it): without it the
 * test fails under CI and is skipped, loudly, elsewhere. With {@code -Ddemo.screenshot=FILE.png} it saves the
 * logged-in page.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoBrowserTest {

    private ConfigurableApplicationContext app;
    private Chromium browser;
    private String url;

    @BeforeEach
    void start() throws Exception {
        Chromium.requireOrSkip();
        app = DemoAppTest.start(Map.of("SESSION_SECRET", DemoAppTest.SECRET));
        url = "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/";
        browser = Chromium.launch();
    }

    @AfterEach
    @SuppressWarnings("try") // the resources are only closed
    void stop() throws Exception {
        try (ConfigurableApplicationContext closedLast = app; Chromium closedFirst = browser) {
            // a null one (the set-up stopped early) is skipped
        }
    }

    /** Opens the demo, which shows the login page, and logs in with the form's own button. */
    private void logIn(Chromium chromium, String name, String password) throws Exception {
        chromium.navigate(url);
        chromium.waitFor("document.getElementById('username')");
        chromium.eval("document.getElementById('username').value = '" + name + "';"
                + "document.getElementById('password').value = '" + password + "';"
                + "document.getElementById('login').click()");
        chromium.waitFor("document.getElementById('visits')");
    }

    private static String text(Chromium chromium, String selector) throws Exception {
        return chromium.eval("document.querySelector('" + selector + "').innerText").asText();
    }

    @Test
    void person_logsIn_reloads_logsOut() throws Exception {
        browser.navigate(url);
        browser.waitFor("document.getElementById('username')");
        assertThat(text(browser, "body")).contains("ada / lovelace-demo");
        logIn(browser, "ada", "lovelace-demo");
        assertThat(text(browser, "#greeting")).isEqualTo("Hello, ada");
        assertThat(text(browser, "#visits")).isEqualTo("1");
        assertThat(text(browser, "#sessions li.this")).contains("HeadlessChrome").contains("(this session)");

        browser.send("Page.reload", Map.of());
        DemoPage.awaitVisits(browser, 2);
        browser.send("Page.reload", Map.of());
        DemoPage.awaitVisits(browser, 3);
        assertThat(browser.eval("document.cookie").asText()).as("HttpOnly: invisible to scripts").isEmpty();
        List<String> cookies = new ArrayList<>();
        for (JsonNode cookie : browser.send("Network.getCookies", Map.of("urls", List.of(url))).path("cookies")) {
            cookies.add(cookie.path("name").asText() + (cookie.path("httpOnly").asBoolean() ? " HttpOnly" : ""));
        }
        assertThat(cookies).as("the browser holds SessionKit's cookie and no JSESSIONID")
                .containsExactly("connect.sid HttpOnly");

        String screenshot = System.getProperty("demo.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            browser.screenshot(Path.of(screenshot));
        }

        browser.eval("document.getElementById('logout').click()");
        browser.waitFor("document.getElementById('notice')");
        assertThat(text(browser, "#notice")).isEqualTo("You are logged out.");
        browser.navigate(url);
        browser.waitFor("document.getElementById('username')");
        logIn(browser, "ada", "lovelace-demo");
        assertThat(text(browser, "#visits")).as("a new session after logout starts from 1").isEqualTo("1");
    }

    @Test
    void twoBrowsers_sameUser_oneLogsOutTheOther() throws Exception {
        try (Chromium other = Chromium.launch()) {
            logIn(browser, "grace", "hopper-demo");
            logIn(other, "grace", "hopper-demo");
            assertThat(DemoPage.checkSessions(other, 2)).contains("HeadlessChrome").contains("(this session)");

            DemoPage.logOutOthers(other, 2);

            browser.navigate(url);
            browser.waitFor("document.getElementById('username')");
            assertThat(browser.eval("location.pathname").asText()).as("the first browser's next page")
                    .isEqualTo("/login");
            assertThat(text(browser, "body")).doesNotContain("Hello, grace");
            other.navigate(url);
            DemoPage.awaitVisits(other, 3);
            assertThat(text(other, "#greeting")).isEqualTo("Hello, grace");
        }
    }
}
