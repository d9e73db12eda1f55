package io.faultline.sim.report;

import io.faultline.sim.engine.Json;
import java.math.BigDecimal;

/**
 * A minimal JSON writer for the reports: objects, arrays, strings, numbers, booleans, null. The
 * caller writes keys and values in order; this class adds the commas, and strings are escaped by
 * the simulator's {@link Json#quote}. The sim module has no JSON library (it depends on the JDK
 * only). Not thread-safe.
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** True when the next value or key is the first in its object or array. */
    private boolean first = true;

    JsonWriter beginObject() {
        comma();
        out.append('{');
        first = true;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        first = false;
        return this;
    }

    JsonWriter beginArray() {
        comma();
        out.append('[');
        first = true;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        first = false;
        return this;
    }

    /** Writes a key; the next call writes its value. */
    JsonWriter key(String key) {
        comma();
        out.append(Json.quote(key));
        out.append(':');
        first = true;
        return this;
    }

    JsonWriter value(String s) {
        comma();
        if (s == null) {
            out.append("null");
        } else {
            out.append(Json.quote(s));
        }
        return this;
    }

    JsonWriter value(long n) {
        comma();
        out.append(n);
        return this;
    }

    JsonWriter value(boolean b) {
        comma();
        out.append(b);
        return this;
    }

    /** A finite double as a JSON number; NaN and infinities become null, which JSON can carry. */
    JsonWriter value(double d) {
        comma();
        out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        return this;
    }

    /** An exact decimal as a JSON number in plain notation, or null. */
    JsonWriter value(BigDecimal d) {
        comma();
        out.append(d == null ? "null" : Durations.plain(d));
        return this;
    }

    JsonWriter nullValue() {
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
}
