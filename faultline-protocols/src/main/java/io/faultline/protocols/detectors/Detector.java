package io.faultline.protocols.detectors;

/**
 * The rule that turns the answers a monitor has heard into a verdict on its target, at any moment:
 * suspected (labelled crashed) or trusted. Deterministic: only the times it is given count.
 */
public interface Detector {

    /** An answer from the target arrived at {@code nowMs}. */
    void heard(long nowMs);

    /** Whether the target is suspected at {@code nowMs}, given what was heard so far. */
    boolean suspects(long nowMs);

    /**
     * The first moment at which {@link #suspects} turns true if nothing more is heard, so a
     * monitor can look exactly then and not only at its next ping.
     */
    long deadlineMs();

    /** The rule and its current setting, for a trace or a report, e.g. "timeout 120ms". */
    String describe();
}
