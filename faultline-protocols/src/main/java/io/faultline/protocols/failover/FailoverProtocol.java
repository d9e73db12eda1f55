package io.faultline.protocols.failover;

import io.faultline.protocols.detectors.DetectorProtocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a backup takes over, by command-line name: the detector it trusts, and epochs or not. */
public enum FailoverProtocol {

    /**
     * The eventually perfect detector, and fencing tokens: a new active replica takes a new epoch
     * from the storage, which refuses every write of an older epoch.
     */
    FENCED("fenced", DetectorProtocol.EVENTUALLY_PERFECT, true),
    /** The eventually perfect detector, no epochs: the storage takes every write. */
    UNFENCED("unfenced", DetectorProtocol.EVENTUALLY_PERFECT, false),
    /**
     * The perfect detector (a fixed timeout at the known delay bound), no epochs: safe exactly
     * where that detector is perfect, in a synchronous crash-stop system with reliable links.
     */
    UNFENCED_PERFECT("unfenced-perfect", DetectorProtocol.PERFECT, false);

    private final String cliName;
    private final DetectorProtocol detector;
    private final boolean fenced;

    FailoverProtocol(String cliName, DetectorProtocol detector, boolean fenced) {
        this.cliName = cliName;
        this.detector = detector;
        this.fenced = fenced;
    }

    public String cliName() {
        return cliName;
    }

    /** The failure detector each replica watches the other with. */
    public DetectorProtocol detector() {
        return detector;
    }

    /** Whether the storage hands out epochs and refuses writes of an older one. */
    public boolean fenced() {
        return fenced;
    }

    /** The protocol of this name, or an error that lists the valid names. */
    public static FailoverProtocol parse(String name) {
        for (FailoverProtocol p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; valid: "
            + Arrays.stream(values()).map(FailoverProtocol::cliName)
                .collect(Collectors.joining(", ")));
    }
}
