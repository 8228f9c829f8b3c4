package dev.sessionkit;

/**
 * The {@code Priority} attribute of the session cookie (a Chromium extension that decides which cookies are evicted
 * first when a site has too many).
 */
public enum CookiePriority {
    /** {@code Priority=Low}. */
    LOW("Low"),
    /** {@code Priority=Medium}, what browsers assume when the attribute is absent. */
    MEDIUM("Medium"),
    /** {@code Priority=High}. */
    HIGH("High");

    private final String attribute;

    CookiePriority(String attribute) {
        this.attribute = attribute;
    }

    String attribute() {
        return attribute;
    }
}
