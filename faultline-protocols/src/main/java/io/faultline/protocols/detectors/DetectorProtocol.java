package io.faultline.protocols.detectors;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The failure detectors the lab runs, by command-line name. */
public enum DetectorProtocol {

    /** A fixed timeout at the known bound: perfect under synchronous, crash-stop, reliable. */
    PERFECT("perfect"),
    /** A timeout that grows after each mistake: eventually perfect once delays are bounded. */
    EVENTUALLY_PERFECT("eventually-perfect"),
    /** Phi accrual: suspicion measured against the spread of recent answers. */
    PHI_ACCRUAL("phi-accrual");

    private final String cliName;

    DetectorProtocol(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The detector of this name, or an error that lists the valid names. */
    public static DetectorProtocol parse(String name) {
        for (DetectorProtocol p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; valid: "
            + Arrays.stream(values()).map(DetectorProtocol::cliName)
                .collect(Collectors.joining(", ")));
    }

    /**
     * A new detector of this kind for a monitor that starts watching at {@code startMs}, pings
     * every {@code periodMs}, in a system whose known delay bound is {@code deltaMs}.
     */
    public Detector create(long startMs, long periodMs, long deltaMs) {
        return switch (this) {
            // The longest gap between two answers when every message takes 1..delta ms.
            case PERFECT -> TimeoutDetector.fixed(startMs, periodMs + 2 * deltaMs);
            // It does not know delta: it starts at the period and learns from its mistakes.
            case EVENTUALLY_PERFECT -> TimeoutDetector.adaptive(startMs, periodMs, periodMs / 2);
            case PHI_ACCRUAL -> new PhiAccrualDetector(startMs, periodMs, 8.0, 100,
                periodMs / 10.0);
        };
    }
}
