package dev.sessionkit.testsupport.browser;

/**
 * What the demos' logged-in pages have in common, for their browser tests: the visit counter {@code #visits}, the
 * list {@code #sessions} of the user's sessions ({@code li.this} for the current one, {@code li.other} for the
 * others) and the button {@code #logout-others}.
 */
public final class DemoPage {

    private DemoPage() {
    }

    /**
     * Waits until the page shows the visit counter at a value.
     *
     * @param page the browser
     * @param visits the value
     * @throws Exception when the browser does not answer
     * @throws AssertionError when the counter never shows it
     */
    public static void awaitVisits(Chromium page, long visits) throws Exception {
        page.waitFor("document.getElementById('visits') && document.getElementById('visits').innerText === '"
                + visits + "'");
    }

    /**
     * Checks "your sessions": {@code sessions} listed, one of them this one.
     *
     * @param page the browser, on a logged-in page
     * @param sessions how many sessions the list should show
     * @return the current session's line, for the caller's own checks
     * @throws Exception when the browser does not answer
     * @throws AssertionError when the list differs
     */
    public static String checkSessions(Chromium page, int sessions) throws Exception {
        int listed = page.eval("document.querySelectorAll('#sessions li').length").asInt();
        int others = page.eval("document.querySelectorAll('#sessions li.other').length").asInt();
        boolean button = page.eval("document.getElementById('logout-others') !== null").asBoolean();
        if (listed != sessions || others != sessions - 1 || button != sessions > 1) {
            throw new AssertionError("expected " + sessions + " sessions listed, " + (sessions - 1) + " of them "
                    + "others, and a 'log out other sessions' button only with others; the page lists " + listed
                    + ", " + others + " others, button: " + button);
        }
        return page.eval("document.querySelector('#sessions li.this').innerText").asText();
    }

    /**
     * Presses "Log out other sessions" and checks that the page comes back, with the counter at {@code visits}, listing
     * this session alone and no button.
     *
     * @param page the browser, on a logged-in page listing other sessions
     * @param visits the counter the page shows next
     * @throws Exception when the browser does not answer
     * @throws AssertionError when the page shows something else
     */
    public static void logOutOthers(Chromium page, long visits) throws Exception {
        page.eval("document.getElementById('logout-others').click()");
        awaitVisits(page, visits);
        checkSessions(page, 1);
    }
}
