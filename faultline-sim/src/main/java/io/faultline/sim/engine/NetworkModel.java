package io.faultline.sim.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How links behave, as in the course: what a message may suffer between two nodes. */
public enum NetworkModel {
    /** A message is received if and only if it is sent; messages may be reordered. */
    RELIABLE,
    /** Messages may be lost, duplicated or reordered; a message retried often enough gets through. */
    FAIR_LOSS,
    /** Fair-loss, plus an adversary who may modify, spoof and replay messages. */
    ARBITRARY;

    /** The name used on the command line, such as {@code fair-loss}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a command-line name; the error names the bad value and the valid ones. */
    public static NetworkModel parse(String s) {
        return Names.parse(NetworkModel.class, "network model", s);
    }

    static String valid() {
        return Arrays.stream(values()).map(NetworkModel::cliName).collect(Collectors.joining(", "));
    }
}
