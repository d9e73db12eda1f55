package io.faultline.app;

/** The exit codes of every faultline command that checks something. */
public final class ExitCodes {

    /** Every property held. */
    public static final int OK = 0;
    /** A safety property was violated. */
    public static final int SAFETY = 1;
    /** A liveness property was violated (and no safety property was). */
    public static final int LIVENESS = 2;
    /** Bad usage: an unknown name, a value out of range, a malformed number. */
    public static final int USAGE = 64;

    private ExitCodes() {
    }
}
