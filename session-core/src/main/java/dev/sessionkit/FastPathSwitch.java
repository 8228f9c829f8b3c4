package dev.sessionkit;

/**
 * TEMPORARY, for measuring the hand-written fast paths against the library paths they replace (issue 24 item 5):
 * the benchmarks, in this package, turn each path off. Every switch is on by default, so behaviour is unchanged; this
 * class goes away with the measurement.
 */
final class FastPathSwitch {

    /** {@link FastRecordReader} for ordinary records; off: Jackson ({@link RecordReader}) alone. */
    static boolean fastRecordReader = true;

    /** The hand-written ISO date codec; off: {@code Instant.parse} and {@code DateTimeFormatter} alone. */
    static boolean handDates = true;

    /**
     * The session cookie's value read in place ({@code SignedCookie}); off: URL-decoded first
     * ({@code decodeURIComponent}), then verified. Needs {@link #inPlaceCompare}: the value read in place can hold its
     * signature's {@code +} and {@code /} as {@code %2B} and {@code %2F}, which only the in-place compare reads.
     */
    static boolean inPlaceCookie = true;

    /**
     * The presented signature compared as text with the base64 of the MAC, in place ({@code CookieSigner}); off:
     * the MAC computed, base64-encoded and compared with the presented signature's bytes by
     * {@code MessageDigest.isEqual}.
     */
    static boolean inPlaceCompare = true;

    private FastPathSwitch() {
    }
}
