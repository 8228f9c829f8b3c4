package dev.sessionkit.benchmarks;

/** Values the benchmarks and the load servers share. */
public final class Fixtures {

    /** The signing secret of every benchmark and load server: public, for measurements only. */
    public static final String SECRET = "sessionkit-benchmark-secret-not-for-production";

    /** Other cookies a browser typically sends along with the session cookie. */
    public static final String OTHER_COOKIES = "_ga=GA1.1.1234567890.1700000000; theme=dark; "
            + "consent=%7B%22ads%22%3Afalse%2C%22stats%22%3Atrue%7D";

    private Fixtures() {
    }
}
