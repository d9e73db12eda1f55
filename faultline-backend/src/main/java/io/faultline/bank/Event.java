package io.faultline.bank;

import java.util.Objects;

/**
 * One immutable change to one account. The events of an account carry sequence numbers 1, 2, 3, ...
 * with no gap, so a reader can tell a duplicate (a sequence number it has) from a gap (a sequence
 * number it skipped). Amounts are in minor units (cents).
 *
 * @param client the account the event belongs to
 * @param seq the account's sequence number, from 1, increasing by one
 * @param type what happened
 * @param amount how much money moved, 0 for {@link EventType#OPENED}, positive otherwise
 * @param balanceAfter the account's balance after this event
 * @param commandId the client-chosen id of the command that caused the event
 * @param counterparty the other account of a transfer, or {@code "-"} when there is none
 * @param timeMs the ledger's time of the change, in milliseconds since the ledger started
 */
public record Event(String client, long seq, EventType type, long amount, long balanceAfter,
                    String commandId, String counterparty, long timeMs) {

    /** Placeholder for {@link #counterparty()} when the event is not half of a transfer. */
    public static final String NO_COUNTERPARTY = "-";

    public Event {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(counterparty, "counterparty");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount must be >= 0, was " + amount);
        }
    }

    /** The signed change of the balance: {@code balanceAfter} of the previous event plus this. */
    public long delta() {
        return type.sign() * amount;
    }

    /** The event as one line of text without spaces inside fields; inverse of {@link #decode}. */
    public String encode() {
        return client + ' ' + seq + ' ' + type.name() + ' ' + amount + ' ' + balanceAfter + ' '
            + commandId + ' ' + counterparty + ' ' + timeMs;
    }

    /** Reads an event written by {@link #encode()}. */
    public static Event decode(String line) {
        String[] f = line.split(" ", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("not an encoded event (want 8 fields): " + line);
        }
        return new Event(f[0], Long.parseLong(f[1]), EventType.valueOf(f[2]),
            Long.parseLong(f[3]), Long.parseLong(f[4]), f[5], f[6], Long.parseLong(f[7]));
    }
}
