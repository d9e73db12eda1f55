package io.faultline.payments;

import java.net.URLDecoder;
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
        // Records build their fields in a TreeMap already: copying it again on every charge
        // showed in profiles.
        Map<String, String> sorted = fields instanceof SortedMap<String, String> s
            && s.comparator() == null ? fields : new TreeMap<>(fields);
        // Sized for the text without escapes, which is what records hold: growing the builder
        // (a copy each time) showed in profiles of durable charges.
        int length = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            length += e.getKey().length() + e.getValue().length() + 2;
        }
        StringBuilder out = new StringBuilder(length);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            appendEncoded(out, e.getKey());
            out.append('=');
            appendEncoded(out, e.getValue());
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Appends {@code text} form-encoded exactly as {@code URLEncoder.encode(text, UTF_8)} would
     * (letters, digits and {@code .-*_} as they are, space as {@code +}, every other run of
     * characters as the percent-encoded bytes of its UTF-8 form), without the encoder's per-call
     * allocations: records are encoded on every charge.
     */
    static void appendEncoded(StringBuilder out, String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (isSafe(c)) {
                out.append(c);
                i++;
            } else if (c == ' ') {
                out.append('+');
                i++;
            } else {
                int end = i + 1;
                while (end < n && !isSafe(text.charAt(end)) && text.charAt(end) != ' ') {
                    end++;
                }
                for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
                i = end;
            }
        }
    }

    /** The ASCII characters the form encoder leaves as they are. */
    private static final boolean[] SAFE = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            SAFE[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '*' || c == '_';
        }
    }

    private static boolean isSafe(char c) {
        return c < 128 && SAFE[c];
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
