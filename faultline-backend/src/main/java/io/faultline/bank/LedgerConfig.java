package io.faultline.bank;

/**
 * The ledger's fixed rules. Immutable; build with {@link #defaults()} and the {@code with...}
 * methods, each of which checks its range at once.
 *
 * @param overdraftLimit how far below zero a balance may go, in minor units; 0 means never below
 *     zero
 * @param amountMax the largest amount of a single deposit, withdrawal or transfer, in minor units
 * @param eventPageMax the most events one read returns
 * @param outboxPageMax the most outbox rows one read returns
 */
public record LedgerConfig(long overdraftLimit, long amountMax, int eventPageMax,
                           int outboxPageMax) {

    /** Largest allowed {@link #amountMax()}: keeps every sum of a few amounts far from overflow. */
    public static final long AMOUNT_MAX_LIMIT = 1_000_000_000_000_000L;

    public LedgerConfig {
        check("overdraftLimit", overdraftLimit, 0, AMOUNT_MAX_LIMIT);
        check("amountMax", amountMax, 1, AMOUNT_MAX_LIMIT);
        check("eventPageMax", eventPageMax, 1, 100_000);
        check("outboxPageMax", outboxPageMax, 1, 100_000);
    }

    /** No overdraft, amounts up to 10^12 minor units, pages of up to 1,000 rows. */
    public static LedgerConfig defaults() {
        return new LedgerConfig(0, 1_000_000_000_000L, 1_000, 1_000);
    }

    public LedgerConfig withOverdraftLimit(long value) {
        return new LedgerConfig(value, amountMax, eventPageMax, outboxPageMax);
    }

    public LedgerConfig withAmountMax(long value) {
        return new LedgerConfig(overdraftLimit, value, eventPageMax, outboxPageMax);
    }

    public LedgerConfig withEventPageMax(int value) {
        return new LedgerConfig(overdraftLimit, amountMax, value, outboxPageMax);
    }

    public LedgerConfig withOutboxPageMax(int value) {
        return new LedgerConfig(overdraftLimit, amountMax, eventPageMax, value);
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
