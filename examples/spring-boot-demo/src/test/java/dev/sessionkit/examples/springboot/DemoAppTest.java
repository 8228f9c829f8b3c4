package dev.sessionkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo as {@code main} starts it, on a real port, over HTTP with a cookie jar: Spring Security's form login on
 * SessionKit's session, the counter, "log out other sessions", logout, and never a {@code JSESSIONID}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoAppTest {

    static final String SECRET = "spring boot demo test secret of 32+ characters";
    private static ConfigurableApplicationContext app;

    /** Starts the demo on a free port with the given environment variables. */
    static ConfigurableApplicationContext start(Map<String, String> environment) {
        return DemoApp.application(environment).run("--server.port=0", "--spring.main.banner-mode=off");
    }

    @BeforeAll
    static void startApp() {
        app = start(Map.of("SESSION_SECRET", SECRET));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void logIn_count_logOut_neverAJsessionid() throws Exception {
        DemoClient browser = new DemoClient(app);
        HttpResponse<String> first = browser.get("/");
        assertThat(DemoClient.isLoginPage(first)).as("a visitor is sent to the login page").isTrue();
        assertThat(first.body()).contains("<code>ada</code> / <code>lovelace-demo</code>")
                .contains("Sessions in memory");

        HttpResponse<String> wrong = browser.login("ada", "not the password");
        assertThat(DemoClient.isLoginPage(wrong)).isTrue();
        assertThat(wrong.body()).contains("Wrong name or password.");

        String before = browser.sessionCookie();
        HttpResponse<String> home = browser.login("ada", "lovelace-demo");
        assertThat(home.uri().getPath()).isEqualTo("/");
        assertThat(home.body()).contains("Hello, ada").contains("(this session)");
        assertThat(DemoClient.visits(home)).isEqualTo(1);
        assertThat(browser.sessionCookie()).as("a new session id at login").isNotEqualTo(before);
        assertThat(DemoClient.visits(browser.get("/"))).isEqualTo(2);
        assertThat(DemoClient.visits(browser.get("/"))).isEqualTo(3);

        HttpResponse<String> loggedOut = browser.post("/logout", home);
        assertThat(DemoClient.isLoginPage(loggedOut)).isTrue();
        assertThat(loggedOut.body()).contains("You are logged out.");
        assertThat(DemoClient.isLoginPage(browser.get("/"))).as("the session is over").isTrue();
        assertThat(DemoClient.visits(browser.login("ada", "lovelace-demo"))).as("a new session starts at 1")
                .isEqualTo(1);

        assertThat(browser.cookieNames()).containsExactly("connect.sid");
        assertThat(browser.setCookieNames()).as("no JSESSIONID, ever").containsExactly("connect.sid");
        assertThat(browser.setCookies.stream().allMatch(c -> c.endsWith("; HttpOnly; SameSite=Lax")))
                .as("every cookie HttpOnly and SameSite=Lax").isTrue();
        assertThat(browser.setCookies.stream().filter(c -> c.contains("Max-Age=0")).count())
                .as("logout cleared the cookie").isEqualTo(1);
    }

    @Test
    void twoBrowsersAsOneUser_oneLogsOutTheOther_otherUsersUntouched() throws Exception {
        DemoClient laptop = new DemoClient(app);
        DemoClient phone = new DemoClient(app);
        DemoClient someoneElse = new DemoClient(app);
        laptop.login("grace", "hopper-demo");
        someoneElse.login("ada", "lovelace-demo");
        HttpResponse<String> page = phone.login("grace", "hopper-demo");
        assertThat(page.body()).contains("id=\"logout-others\"");
        assertThat(page.body().split("<li class=\"this\">", -1)).as("one session marked as this one").hasSize(2);
        assertThat(page.body().split("<li class=\"other\">", -1)).as("and the laptop's").hasSize(2);
        assertThat(page.body()).contains("a browser, since").doesNotContain("JSESSIONID=");

        HttpResponse<String> after = phone.post("/sessions/logout-others", page);
        assertThat(after.uri().getPath()).isEqualTo("/");
        assertThat(after.body()).contains("Hello, grace").doesNotContain("<li class=\"other\">")
                .doesNotContain("id=\"logout-others\"");

        assertThat(DemoClient.isLoginPage(laptop.get("/"))).as("the laptop's next page").isTrue();
        assertThat(someoneElse.get("/").body()).as("another user is not touched").contains("Hello, ada");
        assertThat(phone.get("/").body()).contains("Hello, grace");
        for (DemoClient browser : new DemoClient[] {laptop, phone, someoneElse}) {
            assertThat(browser.setCookieNames()).containsExactly("connect.sid");
        }
    }
}
