package io.faultline.payments;

import io.faultline.sim.Address;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The payments node's settings, immutable; build with {@link #custom()}. Each setter checks its
 * range at once and names the parameter and the range when a value is outside it.
 *
 * <pre>{@code
 * PaymentsConfig config = PaymentsConfig.custom()
 *     .fingerprintKey(secret)                 // at least 16 bytes, kept outside the database
 *     .idempotencyRetentionMs(7 * 86_400_000L) // default: keys are kept forever
 *     .build();
 * }</pre>
 */
public final class PaymentsConfig {

    /** The shortest idempotency retention allowed: 24 hours, as the IETF draft advises. */
    public static final long RETENTION_MS_MIN = 24L * 60 * 60 * 1000;

    private final byte[] fingerprintKey;
    private final long amountMinorMax;
    private final OptionalLong idempotencyRetentionMs;
    private final Address issuer;
    private final long issuerTimeoutMs;
    private final int authorizeAttemptsMax;
    private final long retryBackoffMsMax;
    private final long clockOriginMs;
    private final int sweepBatchMax;

    private PaymentsConfig(Builder b) {
        this.fingerprintKey = b.fingerprintKey.clone();
        this.amountMinorMax = b.amountMinorMax;
        this.idempotencyRetentionMs = b.idempotencyRetentionMs;
        this.issuer = b.issuer;
        this.issuerTimeoutMs = b.issuerTimeoutMs;
        this.authorizeAttemptsMax = b.authorizeAttemptsMax;
        this.retryBackoffMsMax = b.retryBackoffMsMax;
        this.clockOriginMs = b.clockOriginMs;
        this.sweepBatchMax = b.sweepBatchMax;
    }

    /** A builder with the defaults; a fingerprint key must be set. */
    public static Builder custom() {
        return new Builder();
    }

    /** The secret of the card fingerprints (a copy). */
    public byte[] fingerprintKey() {
        return fingerprintKey.clone();
    }

    /** The largest amount of one charge, in minor units (default 99,999,999, as Stripe's). */
    public long amountMinorMax() {
        return amountMinorMax;
    }

    /** How long idempotency records are kept; empty means forever (the default). */
    public OptionalLong idempotencyRetentionMs() {
        return idempotencyRetentionMs;
    }

    /** The card issuer node (default {@code issuer}). */
    public Address issuer() {
        return issuer;
    }

    /** How long to wait for the issuer before the first retry (default 1000 ms). */
    public long issuerTimeoutMs() {
        return issuerTimeoutMs;
    }

    /** How many times to send an authorisation before switching to resolve (default 5). */
    public int authorizeAttemptsMax() {
        return authorizeAttemptsMax;
    }

    /**
     * The longest wait between two retries to the issuer (default 5000 ms). Resolve requests have
     * no count limit, only this rate limit: a charge the issuer may have approved cannot be given
     * up without the issuer's word, however long the issuer takes to answer.
     */
    public long retryBackoffMsMax() {
        return retryBackoffMsMax;
    }

    /**
     * The calendar time, in milliseconds since the Unix epoch, at which the node's clock
     * ({@code ctx.now()}) reads 0. Expiry dates and created times use {@code clockOriginMs + now}.
     */
    public long clockOriginMs() {
        return clockOriginMs;
    }

    /** How many expired idempotency records one sweep deletes at most (default 1000). */
    public int sweepBatchMax() {
        return sweepBatchMax;
    }

    /** Builds a {@link PaymentsConfig}; every setter checks its argument at once. */
    public static final class Builder {
        private byte[] fingerprintKey;
        private long amountMinorMax = 99_999_999L;
        private OptionalLong idempotencyRetentionMs = OptionalLong.empty();
        private Address issuer = Address.of("issuer");
        private long issuerTimeoutMs = 1000;
        private int authorizeAttemptsMax = 5;
        private long retryBackoffMsMax = 5000;
        private long clockOriginMs;
        private int sweepBatchMax = 1000;

        private Builder() {
        }

        public Builder fingerprintKey(byte[] key) {
            Objects.requireNonNull(key, "fingerprintKey");
            if (key.length < 16) {
                throw new IllegalArgumentException("fingerprintKey must have at least 16 bytes, got "
                    + key.length);
            }
            this.fingerprintKey = key.clone();
            return this;
        }

        public Builder amountMinorMax(long value) {
            this.amountMinorMax = checkRange("amountMinorMax", value, 1, Long.MAX_VALUE);
            return this;
        }

        /** Keeps idempotency records for {@code value} ms, at least {@link #RETENTION_MS_MIN}. */
        public Builder idempotencyRetentionMs(long value) {
            checkRange("idempotencyRetentionMs", value, RETENTION_MS_MIN, Long.MAX_VALUE);
            this.idempotencyRetentionMs = OptionalLong.of(value);
            return this;
        }

        /** Keeps idempotency records forever (the default). */
        public Builder keepIdempotencyKeysForever() {
            this.idempotencyRetentionMs = OptionalLong.empty();
            return this;
        }

        public Builder issuer(Address value) {
            this.issuer = Objects.requireNonNull(value, "issuer");
            return this;
        }

        public Builder issuerTimeoutMs(long value) {
            this.issuerTimeoutMs = checkRange("issuerTimeoutMs", value, 1, 600_000);
            return this;
        }

        public Builder authorizeAttemptsMax(int value) {
            this.authorizeAttemptsMax = (int) checkRange("authorizeAttemptsMax", value, 1, 100);
            return this;
        }

        public Builder retryBackoffMsMax(long value) {
            this.retryBackoffMsMax = checkRange("retryBackoffMsMax", value, 1, 3_600_000);
            return this;
        }

        public Builder clockOriginMs(long value) {
            this.clockOriginMs = checkRange("clockOriginMs", value, 0, Long.MAX_VALUE / 2);
            return this;
        }

        public Builder sweepBatchMax(int value) {
            this.sweepBatchMax = (int) checkRange("sweepBatchMax", value, 1, 1_000_000);
            return this;
        }

        /** The configuration; throws if no fingerprint key was set or options contradict. */
        public PaymentsConfig build() {
            if (fingerprintKey == null) {
                throw new IllegalStateException("a fingerprintKey (at least 16 secret bytes) is "
                    + "required: card fingerprints are keyed so that they cannot be reversed");
            }
            if (retryBackoffMsMax < issuerTimeoutMs) {
                throw new IllegalStateException("retryBackoffMsMax (" + retryBackoffMsMax
                    + ") must be at least issuerTimeoutMs (" + issuerTimeoutMs + ")");
            }
            return new PaymentsConfig(this);
        }

        private static long checkRange(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max
                    + "], got " + value);
            }
            return value;
        }
    }
}
