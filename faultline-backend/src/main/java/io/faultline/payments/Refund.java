package io.faultline.payments;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A refund of part or all of a succeeded payment.
 *
 * @param id the refund id, {@code re_} and 32 hex digits (life, count, 64 random bits)
 * @param paymentId the payment refunded
 * @param idempotencyKey the key of the request that created it
 * @param amountMinor the amount refunded, in minor units of the payment's currency
 * @param createdAtMs when it was created, in milliseconds of the service's calendar clock
 */
public record Refund(String id, String paymentId, String idempotencyKey, long amountMinor,
                     long createdAtMs) {

    public Refund {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** The stored text form. */
    public String encode() {
        Map<String, String> f = new TreeMap<>();
        f.put("id", id);
        f.put("payment", paymentId);
        f.put("key", idempotencyKey);
        f.put("amount", Long.toString(amountMinor));
        f.put("created", Long.toString(createdAtMs));
        return Fields.encode(f);
    }

    /** Reads what {@link #encode} wrote. */
    public static Refund decode(String text) {
        Map<String, String> f = Fields.decode(text);
        return new Refund(Fields.require(f, "id"), Fields.require(f, "payment"),
            Fields.require(f, "key"), Long.parseLong(Fields.require(f, "amount")),
            Long.parseLong(Fields.require(f, "created")));
    }
}
