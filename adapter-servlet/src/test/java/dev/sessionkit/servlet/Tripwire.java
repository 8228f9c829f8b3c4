package dev.sessionkit.servlet;

/**
 * A class no test names in code: a stored attribute names it, and loading or building it would leave a trace in
 * {@link #TRACE}. The HttpSession view must do neither for a class off its allowlist.
 */
public final class Tripwire {

    /** The system property the class sets when it is initialised or built. */
    public static final String TRACE = "sessionkit.tripwire";

    static {
        System.setProperty(TRACE, "initialised");
    }

    /** Builds the tripwire, which sets the trace too. */
    public Tripwire() {
        System.setProperty(TRACE, "built");
    }
}
