package io.faultline.payments;

import java.util.Locale;

/**
 * Machine-readable error codes. Each has a {@link Category} that the adapters map to an HTTP status
 * or a gRPC status code, and a {@link #wire() wire name} in snake case, as Stripe's API uses.
 */
public enum ErrorCode {
    // Bad input: the request is wrong and retrying it unchanged will not help.
    INVALID_CARD_NUMBER(Category.INVALID_REQUEST),
    INVALID_EXPIRY_MONTH(Category.INVALID_REQUEST),
    INVALID_EXPIRY_YEAR(Category.INVALID_REQUEST),
    EXPIRED_CARD(Category.INVALID_REQUEST),
    INVALID_CVC(Category.INVALID_REQUEST),
    INVALID_AMOUNT(Category.INVALID_REQUEST),
    AMOUNT_TOO_LARGE(Category.INVALID_REQUEST),
    INVALID_CURRENCY(Category.INVALID_REQUEST),
    MISSING_IDEMPOTENCY_KEY(Category.INVALID_REQUEST),
    INVALID_IDEMPOTENCY_KEY(Category.INVALID_REQUEST),
    INVALID_CLIENT(Category.INVALID_REQUEST),
    INVALID_PAYMENT_ID(Category.INVALID_REQUEST),
    INVALID_REQUEST(Category.INVALID_REQUEST),
    REQUEST_TOO_LARGE(Category.INVALID_REQUEST),
    /** A body whose Content-Type is not JSON (REST only: gRPC messages have one encoding). */
    UNSUPPORTED_MEDIA_TYPE(Category.INVALID_REQUEST),
    REFUND_EXCEEDS_PAYMENT(Category.INVALID_REQUEST),
    PAYMENT_NOT_REFUNDABLE(Category.INVALID_REQUEST),
    // Idempotency: the key was seen before.
    IDEMPOTENCY_KEY_REUSED(Category.KEY_REUSED),
    REQUEST_IN_PROGRESS(Category.IN_PROGRESS),
    // Lookups.
    PAYMENT_NOT_FOUND(Category.NOT_FOUND),
    ROUTE_NOT_FOUND(Category.NOT_FOUND),
    /** A known route asked with a method it does not take (REST only). */
    METHOD_NOT_ALLOWED(Category.NOT_FOUND),
    // Authentication (adapters only: the node trusts the client id an adapter gives it).
    UNAUTHENTICATED(Category.UNAUTHENTICATED),
    // Service state (adapters only).
    UNAVAILABLE(Category.UNAVAILABLE),
    TIMEOUT(Category.UNAVAILABLE),
    INTERNAL_ERROR(Category.INTERNAL),
    // Outcomes of a charge that was made but did not succeed; they are a payment's failure code.
    CARD_DECLINED(Category.CARD),
    INSUFFICIENT_FUNDS(Category.CARD),
    PROCESSING_ERROR(Category.CARD),
    PROCESSING_INTERRUPTED(Category.CARD);

    /** What kind of failure a code is; the adapters choose status codes by category. */
    public enum Category {
        INVALID_REQUEST, KEY_REUSED, IN_PROGRESS, NOT_FOUND, UNAUTHENTICATED, UNAVAILABLE, INTERNAL,
        CARD
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** The name on the wire: {@code card_declined}, {@code idempotency_key_reused}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code whose wire name is {@code wire}; throws naming the bad value if there is none. */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire().equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown error code '" + wire + "'");
    }
}
