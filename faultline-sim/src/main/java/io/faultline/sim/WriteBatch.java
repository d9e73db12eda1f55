package io.faultline.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An ordered list of puts and deletes that a {@link DurableStore} applies atomically. */
public final class WriteBatch {

    /** One write: a put when {@code value} is non-null, a delete otherwise. */
    public record Write(String key, String value) {
        public Write {
            Objects.requireNonNull(key, "key");
        }

        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Write> writes = new ArrayList<>();

    private WriteBatch() {
    }

    public static WriteBatch create() {
        return new WriteBatch();
    }

    public WriteBatch put(String key, String value) {
        writes.add(new Write(key, Objects.requireNonNull(value, "value")));
        return this;
    }

    public WriteBatch delete(String key) {
        writes.add(new Write(key, null));
        return this;
    }

    public List<Write> writes() {
        return Collections.unmodifiableList(writes);
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }
}
