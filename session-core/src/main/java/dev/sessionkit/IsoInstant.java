package dev.sessionkit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A record's dates ({@code cookie.expires}, {@code __sessionkit.created}) in JavaScript's
 * {@code Date.prototype.toISOString} form, {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}: read and written by hand, because
 * {@link Instant#parse} and {@link DateTimeFormatter} cost a read-only request a quarter to a half of its time
 * (benchmarks/RESULTS.md, "Fast paths"). Any other form is the JDK's to read, and a year outside 0 to 9999 the JDK's
 * to write. Stateless; thread-safe.
 */
final class IsoInstant {

    /** The latest instant a record's date can take: JavaScript writes later years with six digits. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** JavaScript's {@code toISOString} for the years the hand-written form leaves out. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final int LENGTH = 24;

    /** The years the form has, 0 to 9999, in seconds: 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;

    private IsoInstant() {
    }

    /**
     * A record's date: an ISO-8601 instant from 1970 to 9999, or {@code null}. The {@code toISOString} form (what
     * every writer of records uses) is read by hand; {@link Instant#parse} reads any other.
     */
    static Instant read(String text) {
        Instant at = parse(text);
        if (at == null) {
            try {
                at = Instant.parse(text);
            } catch (DateTimeException e) {
                return null; // the JDK's only way to say "not a date"
            }
        }
        return inRange(at) ? at : null;
    }

    /** Whether a record's date is from 1970 to 9999, the range a session can have. */
    static boolean inRange(Instant at) {
        return !at.isBefore(Instant.EPOCH) && !at.isAfter(LATEST);
    }

    /** An instant as {@code toISOString} writes it. */
    static String write(Instant at) {
        String text = format(at);
        return text != null ? text : ISO_MILLIS.format(at);
    }

    /** The instant, or {@code null} when the text is not exactly the {@code toISOString} form with a valid date. */
    static Instant parse(String s) {
        return s.length() == LENGTH ? parse(s, 0) : null;
    }

    /**
     * The same for the {@value #LENGTH} characters of {@code s} from {@code at}, or {@code null} when there are not
     * that many.
     */
    static Instant parse(String s, int at) {
        if (at < 0 || s.length() - at < LENGTH) {
            return null;
        }
        if (s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-' || s.charAt(at + 10) != 'T'
                || s.charAt(at + 13) != ':' || s.charAt(at + 16) != ':' || s.charAt(at + 19) != '.'
                || s.charAt(at + 23) != 'Z') {
            return null;
        }
        int year = digits(s, at, 4);
        int month = digits(s, at + 5, 2);
        int day = digits(s, at + 8, 2);
        int hour = digits(s, at + 11, 2);
        int minute = digits(s, at + 14, 2);
        int second = digits(s, at + 17, 2);
        int millis = digits(s, at + 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
            return null; // Instant.parse decides (a leap second, for one) or refuses
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochMilli(seconds * 1000 + millis);
    }

    /**
     * The instant in the {@code toISOString} form, or {@code null} for a year outside 0 to 9999 (which JavaScript
     * writes with six digits and a sign).
     */
    static String format(Instant at) {
        if (at.getEpochSecond() < FIRST_SECOND || at.getEpochSecond() > LAST_SECOND) {
            return null;
        }
        long millis = at.toEpochMilli();
        long day = Math.floorDiv(millis, 86_400_000L);
        long ofDay = Math.floorMod(millis, 86_400_000L);
        // Days since 0000-03-01, in 400-year eras of 146,097 days (the inverse of epochDay).
        long shifted = day + 719_468L;
        long era = Math.floorDiv(shifted, 146_097L);
        long dayOfEra = shifted - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        char[] out = new char[LENGTH];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, dayOfMonth, 2);
        out[10] = 'T';
        put(out, 11, ofDay / 3_600_000, 2);
        out[13] = ':';
        put(out, 14, ofDay / 60_000 % 60, 2);
        out[16] = ':';
        put(out, 17, ofDay / 1000 % 60, 2);
        out[19] = '.';
        put(out, 20, ofDay % 1000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, long value, int digits) {
        for (int i = at + digits - 1; i >= at; i--, value /= 10) {
            out[i] = (char) ('0' + value % 10);
        }
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date in the proleptic Gregorian calendar (years 0 to 9999). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
