package io.faultline.sim.report;

import java.math.BigDecimal;

/**
 * A minimal JSON writer for the reports: objects, arrays, strings, numbers, booleans, null. The
 * caller writes keys and values in order; this class adds commas and escapes. The sim module has
 * no JSON library (it depends on the JDK only). Not thread-safe.
 */
final class Json {

    private final StringBuilder out = new StringBuilder();
    /** True when the next value or key is the first in its object or array. */
    private boolean first = true;

    Json beginObject() {
        comma();
        out.append('{');
        first = true;
        return this;
    }

    Json endObject() {
        out.append('}');
        first = false;
        return this;
    }

    Json beginArray() {
        comma();
        out.append('[');
        first = true;
        return this;
    }

    Json endArray() {
        out.append(']');
        first = false;
        return this;
    }

    /** Writes a key; the next call writes its value. */
    Json key(String key) {
        comma();
        string(key);
        out.append(':');
        first = true;
        return this;
    }

    Json value(String s) {
        comma();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    Json value(long n) {
        comma();
        out.append(n);
        return this;
    }

    Json value(boolean b) {
        comma();
        out.append(b);
        return this;
    }

    /** A finite double as a JSON number; NaN and infinities become null, which JSON can carry. */
    Json value(double d) {
        comma();
        out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        return this;
    }

    /** An exact decimal as a JSON number in plain notation, or null. */
    Json value(BigDecimal d) {
        comma();
        out.append(d == null ? "null" : Durations.plain(d));
        return this;
    }

    Json nullValue() {
        comma();
        out.append("null");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void comma() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
