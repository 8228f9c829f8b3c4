package dev.sessionkit.interop;

/** The secrets of the tests; non-ASCII on purpose, since both sides must take the secret's UTF-8 bytes as the key. */
final class Secrets {

    /** The one secret of the tests that do not rotate. */
    static final String SHARED = "interop secret, long enough to be accepted: é ✓ 🔑";

    private Secrets() {
    }
}
