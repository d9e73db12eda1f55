package io.faultline.sim.engine;

/** The outcome of a run, in the order of severity, with its exit code. */
public enum Verdict {
    /** Every property held. */
    OK(0),
    /** A liveness property did not hold within the bound after the heal point. */
    LIVENESS(2),
    /** A safety property was violated (or a node threw). */
    SAFETY(1);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The more severe of two verdicts. */
    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
