package io.faultline.sim.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Command-line names of enum constants: lower case, dashes for underscores. */
final class Names {

    private Names() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String what, String s) {
        E[] all = type.getEnumConstants();
        if (s != null) {
            String key = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : all) {
                if (e.name().equals(key)) {
                    return e;
                }
            }
        }
        String valid = Arrays.stream(all)
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + what + " '" + s + "'; valid: " + valid);
    }
}
