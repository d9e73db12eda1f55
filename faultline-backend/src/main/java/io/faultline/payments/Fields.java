package io.faultline.payments;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The text form of a stored record: {@code key=value&key=value}, percent-encoded, keys in order.
 * Plain JDK, so that domain nodes can use it; readable in a database browser.
 */
public final class Fields {

    private Fields() {
    }

    /** Encodes the fields in key order. */
    public static String encode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** Decodes what {@link #encode} wrote. */
    public static SortedMap<String, String> decode(String text) {
        SortedMap<String, String> fields = new TreeMap<>();
        if (text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("a stored record has a field without '=': '"
                    + pair + "'");
            }
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** The field {@code name}; a stored record missing one is corrupt, so this throws. */
    public static String require(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("a stored record lacks the field '" + name + "': "
                + fields.keySet());
        }
        return value;
    }
}
