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
     * The cookie's signature verified in place; off: the value URL-decoded first, then the MAC computed, encoded and
     * compared with {@code MessageDigest.isEqual}.
     */
    static boolean inPlaceSignature = true;

    private FastPathSwitch() {
    }
}
