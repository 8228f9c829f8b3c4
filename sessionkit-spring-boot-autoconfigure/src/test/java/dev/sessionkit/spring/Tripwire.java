package dev.sessionkit.spring;

/**
 * A class no test names in code: a stored record names it, and loading or building it leaves a trace in
 * {@link #TRACE}. The codec must do neither for a class off its allowlist, at the top or nested.
 */
public final class Tripwire {

    /** The system property the class sets when it is initialised or built. */
    public static final String TRACE = "sessionkit.spring.tripwire";

    static {
        System.setProperty(TRACE, "initialised");
    }

    /** Builds the tripwire, which sets the trace too. */
    public Tripwire() {
        System.setProperty(TRACE, "built");
    }
}
