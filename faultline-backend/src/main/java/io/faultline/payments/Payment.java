package io.faultline.payments;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A charge as the service stores it and answers with. It holds the last four digits and a keyed
 * fingerprint of the card, never the number or the CVC.
 *
 * @param id the payment id, {@code pay_} and 32 hex digits (life, count, 64 random bits)
 * @param clientId the API client that made it; only that client can read it
 * @param idempotencyKey the key of the request that created it
 * @param amountMinor the amount in minor units of {@code currency} (pence for GBP, yen for JPY)
 * @param currency the currency
 * @param cardLastFour the card number's last four digits
 * @param cardFingerprint the keyed fingerprint of the card number (see {@link Fingerprints})
 * @param expiryMonth the card's expiry month, 1 to 12
 * @param expiryYear the card's expiry year
 * @param status where it stands
 * @param failureCode why it was declined or failed; empty when pending or succeeded
 * @param createdAtMs when it was created, in milliseconds of the service's calendar clock
 * @param refundedMinor how much of it was refunded, in minor units
 */
public record Payment(String id, String clientId, String idempotencyKey, long amountMinor,
                      Currency currency, String cardLastFour, String cardFingerprint,
                      int expiryMonth, int expiryYear, PaymentStatus status, String failureCode,
                      long createdAtMs, long refundedMinor) {

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failureCode, "failureCode");
    }

    /** How much can still be refunded, in minor units. */
    public long refundableMinor() {
        return status == PaymentStatus.SUCCEEDED ? amountMinor - refundedMinor : 0;
    }

    /** This payment with its final outcome. */
    public Payment withOutcome(PaymentStatus newStatus, String newFailureCode) {
        return new Payment(id, clientId, idempotencyKey, amountMinor, currency, cardLastFour,
            cardFingerprint, expiryMonth, expiryYear, newStatus, newFailureCode, createdAtMs,
            refundedMinor);
    }

    /** This payment with {@code amount} more refunded. */
    public Payment withRefunded(long amount) {
        return new Payment(id, clientId, idempotencyKey, amountMinor, currency, cardLastFour,
            cardFingerprint, expiryMonth, expiryYear, status, failureCode, createdAtMs,
            refundedMinor + amount);
    }

    /** The stored text form. */
    public String encode() {
        Map<String, String> f = new TreeMap<>();
        f.put("id", id);
        f.put("client", clientId);
        f.put("key", idempotencyKey);
        f.put("amount", Long.toString(amountMinor));
        f.put("currency", currency.name());
        f.put("last4", cardLastFour);
        f.put("cardfp", cardFingerprint);
        f.put("expm", Integer.toString(expiryMonth));
        f.put("expy", Integer.toString(expiryYear));
        f.put("status", status.name());
        f.put("failure", failureCode);
        f.put("created", Long.toString(createdAtMs));
        f.put("refunded", Long.toString(refundedMinor));
        return Fields.encode(f);
    }

    /** Reads what {@link #encode} wrote. */
    public static Payment decode(String text) {
        Map<String, String> f = Fields.decode(text);
        return new Payment(Fields.require(f, "id"), Fields.require(f, "client"),
            Fields.require(f, "key"), Long.parseLong(Fields.require(f, "amount")),
            Currency.valueOf(Fields.require(f, "currency")), Fields.require(f, "last4"),
            Fields.require(f, "cardfp"), Integer.parseInt(Fields.require(f, "expm")),
            Integer.parseInt(Fields.require(f, "expy")),
            PaymentStatus.valueOf(Fields.require(f, "status")), Fields.require(f, "failure"),
            Long.parseLong(Fields.require(f, "created")),
            Long.parseLong(Fields.require(f, "refunded")));
    }
}
