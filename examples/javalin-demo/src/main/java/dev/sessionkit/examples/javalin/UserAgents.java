package dev.sessionkit.examples.javalin;

import java.util.Locale;

/** A short, human name for a browser from its {@code User-Agent}: "Firefox on Linux". Good enough for a label. */
final class UserAgents {

    private UserAgents() {
    }

    static String summary(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown browser";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        String browser = ua.contains("firefox/") ? "Firefox"
                : ua.contains("edg/") ? "Edge"
                : ua.contains("chrome/") || ua.contains("chromium/") ? "Chrome"
                : ua.contains("safari/") ? "Safari"
                : ua.startsWith("curl/") ? "curl"
                : ua.startsWith("java-http-client") ? "Java HTTP client"
                : "Other browser";
        String system = ua.contains("android") ? "Android"
                : ua.contains("iphone") || ua.contains("ipad") ? "iOS"
                : ua.contains("windows") ? "Windows"
                : ua.contains("mac os") ? "macOS"
                : ua.contains("linux") ? "Linux"
                : null;
        return system == null ? browser : browser + " on " + system;
    }
}
