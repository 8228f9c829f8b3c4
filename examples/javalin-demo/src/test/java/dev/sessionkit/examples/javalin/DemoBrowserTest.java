package dev.sessionkit.examples.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkit.store.caffeine.CaffeineSessionStore;
import dev.sessionkit.testsupport.browser.Chromium;
import dev.sessionkit.testsupport.browser.DemoPage;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo as a person uses it, in headless Chromium: log in, reload and see the counter go up, log out and see it
 * reset. Needs Debian's {@code chromium} ({@code .ci/run} installs it); without it the test fails under CI and is
 * skipped, loudly, elsewhere. With {@code -Ddemo.screenshot=docs/demo.png} it saves the logged-in page.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoBrowserTest {

    private Javalin app;
    private Chromium browser;

    @BeforeEach
    void start() throws Exception {
        Chromium.requireOrSkip();
        app = DemoApp.start(0, "browser test secret of 32+ characters", CaffeineSessionStore.create(), "Caffeine (in memory)", false);
        browser = Chromium.launch();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void person_logsInReloadsAndLogsOut() throws Exception {
        String url = "http://localhost:" + app.port() + "/";

        browser.navigate(url);
        browser.waitFor("document.getElementById('name')");
        browser.eval("document.getElementById('name').value = 'Ada'; document.getElementById('login').click()");
        browser.waitFor("document.getElementById('visits')");
        assertThat(browser.eval("document.getElementById('greeting').innerText").asText()).isEqualTo("Hello, Ada");
        assertThat(browser.eval("document.getElementById('visits').innerText").asText()).isEqualTo("1");
        String id = browser.eval("document.getElementById('session-id').innerText").asText();

        browser.send("Page.reload", java.util.Map.of());
        DemoPage.awaitVisits(browser, 2);
        browser.send("Page.reload", java.util.Map.of());
        DemoPage.awaitVisits(browser, 3);
        assertThat(browser.eval("document.cookie").asText()).as("HttpOnly: invisible to scripts").isEmpty();

        String screenshot = System.getProperty("demo.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            browser.screenshot(Path.of(screenshot));
        }

        browser.eval("document.getElementById('regenerate').click()");
        DemoPage.awaitVisits(browser, 4);
        assertThat(browser.eval("document.getElementById('session-id').innerText").asText()).isNotEqualTo(id);

        browser.eval("document.getElementById('logout').click()");
        browser.waitFor("document.getElementById('name')");
        browser.navigate(url);
        browser.waitFor("document.getElementById('name')");
        browser.eval("document.getElementById('name').value = 'Ada'; document.getElementById('login').click()");
        browser.waitFor("document.getElementById('visits')");
        assertThat(browser.eval("document.getElementById('visits').innerText").asText())
                .as("a new session after logout starts from 1").isEqualTo("1");
    }

    /**
     * "Your sessions": two browsers with separate profiles (separate cookie jars, as two devices) log in as the same
     * name; the second lists both, this one marked, and logs out the other, whose next load shows the login page.
     */
    @Test
    void twoBrowsers_sameName_oneLogsOutTheOther() throws Exception {
        String url = "http://localhost:" + app.port() + "/";
        try (Chromium other = Chromium.launch()) {
            for (Chromium b : new Chromium[] {browser, other}) {
                b.navigate(url);
                b.waitFor("document.getElementById('name')");
                b.eval("document.getElementById('name').value = 'Hedy'; document.getElementById('login').click()");
                b.waitFor("document.getElementById('visits')");
            }
            assertThat(DemoPage.checkSessions(other, 2))
                    .contains("(this session)").contains("Chrome on Linux").contains("started just now");

            DemoPage.logOutOthers(other, 2);

            browser.navigate(url);
            browser.waitFor("document.getElementById('name')");
            assertThat(browser.eval("document.body.innerText").asText()).doesNotContain("Hedy");
            other.navigate(url);
            DemoPage.awaitVisits(other, 3);
            assertThat(other.eval("document.getElementById('greeting').innerText").asText()).isEqualTo("Hello, Hedy");
        }
    }
}
