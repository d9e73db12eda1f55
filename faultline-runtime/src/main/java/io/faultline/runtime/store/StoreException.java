package io.faultline.runtime.store;

/**
 * A durable store could not do what was asked because the database failed (I/O error, lost
 * connection, a constraint or trigger that refused a write). When a write fails, none of its batch
 * was applied.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
