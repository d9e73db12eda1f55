package io.faultline.sim.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named property of a run with a check that explains itself: it returns empty when the property
 * holds and a readable reason when it does not.
 *
 * <ul>
 *   <li>{@link Kind#SAFETY}: "nothing bad happens", checked after every event;</li>
 *   <li>{@link Kind#FINAL}: a safety property of the end state, checked once when the run ends;</li>
 *   <li>{@link Kind#LIVENESS}: "something good eventually happens", checked after the heal point
 *       (faults stop, partitions heal, recoverable nodes restart): it must hold within the run's
 *       liveness bound of virtual time.</li>
 * </ul>
 *
 * @param name a short kebab-case name, such as {@code no-double-apply}
 * @param kind when it is checked and what its failure means
 * @param check empty when the property holds, otherwise why it does not
 */
public record Property(String name, Kind kind, Function<SimView, Optional<String>> check) {

    /** When a property is checked. */
    public enum Kind { SAFETY, FINAL, LIVENESS }

    public Property {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(check, "check");
    }

    public static Property safety(String name, Function<SimView, Optional<String>> check) {
        return new Property(name, Kind.SAFETY, check);
    }

    public static Property atEnd(String name, Function<SimView, Optional<String>> check) {
        return new Property(name, Kind.FINAL, check);
    }

    public static Property liveness(String name, Function<SimView, Optional<String>> check) {
        return new Property(name, Kind.LIVENESS, check);
    }

    /** Empty when the property holds in {@code view}, else the reason. */
    public Optional<String> violation(SimView view) {
        return check.apply(view);
    }
}
