package io.faultline.sim.engine;

/**
 * A property that did not hold.
 *
 * @param property the property's name
 * @param kind safety, final or liveness
 * @param reason why, in words
 * @param timeMs virtual time when it was found
 */
public record Violation(String property, Property.Kind kind, String reason, long timeMs) {

    /** The verdict this violation gives a run. */
    public Verdict verdict() {
        return kind == Property.Kind.LIVENESS ? Verdict.LIVENESS : Verdict.SAFETY;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " property '" + property
            + "' violated at t=" + timeMs + "ms: " + reason;
    }
}
