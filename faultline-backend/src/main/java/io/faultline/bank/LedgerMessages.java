package io.faultline.bank;

import io.faultline.sim.Message;
import java.util.List;
import java.util.Objects;

/**
 * Every message the {@link Ledger} node understands and answers. Requests are commands (they
 * change the ledger and carry a client-chosen id) or queries (they read it); each request gets
 * exactly one reply, sent back to its sender.
 */
public final class LedgerMessages {

    private LedgerMessages() {
    }

    /** Anything sent to the ledger. */
    public sealed interface Request extends Message permits Command, Query {
    }

    /**
     * A change. A repeated {@link #commandId()} returns the first outcome without applying the
     * command again; a repeated id with a different command is refused.
     */
    public sealed interface Command extends Request
        permits OpenAccount, Deposit, Withdraw, Transfer {

        /** The client-chosen id that makes a retry safe. */
        String commandId();

        /** The command's content without its id, to tell a retry from a reuse of the id. */
        String fingerprint();
    }

    /** A read. Queries change nothing and may be repeated freely. */
    public sealed interface Query extends Request
        permits GetBalance, GetEvents, ReadOutbox, AckOutbox {
    }

    /** What the ledger answers. */
    public sealed interface Reply extends Message
        permits Applied, Rejected, Balance, Events, OutboxRows, OutboxAcked {
    }

    /** Opens an empty account for {@code client}. */
    public record OpenAccount(String commandId, String client) implements Command {
        @Override
        public String fingerprint() {
            return "open " + client;
        }
    }

    /** Adds {@code amount} minor units to {@code client}'s account. */
    public record Deposit(String commandId, String client, long amount) implements Command {
        @Override
        public String fingerprint() {
            return "deposit " + client + ' ' + amount;
        }
    }

    /** Takes {@code amount} minor units out of {@code client}'s account. */
    public record Withdraw(String commandId, String client, long amount) implements Command {
        @Override
        public String fingerprint() {
            return "withdraw " + client + ' ' + amount;
        }
    }

    /** Moves {@code amount} minor units from one account to another, both or neither. */
    public record Transfer(String commandId, String from, String to, long amount)
        implements Command {
        @Override
        public String fingerprint() {
            return "transfer " + from + ' ' + to + ' ' + amount;
        }
    }

    /** Asks for {@code client}'s balance and last sequence number. */
    public record GetBalance(String client) implements Query {
    }

    /**
     * Asks for {@code client}'s events with sequence numbers in {@code [fromSeq, toSeq]}, at most
     * {@code limit} of them, oldest first. The cursor form "after s" is {@code fromSeq = s + 1}
     * and {@code toSeq = Long.MAX_VALUE}.
     */
    public record GetEvents(String client, long fromSeq, long toSeq, int limit) implements Query {
        /** Events after sequence number {@code afterSeq}, at most {@code limit} of them. */
        public static GetEvents after(String client, long afterSeq, int limit) {
            return new GetEvents(client, afterSeq + 1, Long.MAX_VALUE, limit);
        }
    }

    /** Asks for up to {@code limit} outbox rows with ids above {@code afterOutboxId}. */
    public record ReadOutbox(long afterOutboxId, int limit) implements Query {
    }

    /**
     * Marks every outbox row with an id up to {@code upToOutboxId} as published: the relay sends
     * it only after the broker has acknowledged those rows.
     */
    public record AckOutbox(long upToOutboxId) implements Query {
    }

    /**
     * A command took effect (now, or the first time when {@code replayed}).
     *
     * @param events the events the command wrote, in the order written
     * @param replayed true when this is the stored outcome of an earlier identical command
     */
    public record Applied(String commandId, List<Event> events, boolean replayed)
        implements Reply {
        public Applied {
            events = List.copyOf(events);
        }
    }

    /**
     * The request was refused and nothing changed.
     *
     * @param commandId the command's id, or {@code ""} for a query
     * @param replayed true when this is the stored outcome of an earlier identical command
     */
    public record Rejected(String commandId, ErrorCode code, String message, boolean replayed)
        implements Reply {
        public Rejected {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** {@code client}'s balance in minor units and the sequence number of its last event. */
    public record Balance(String client, long balance, long lastSeq) implements Reply {
    }

    /** A page of {@code client}'s events; {@code lastSeq} is the account's newest. */
    public record Events(String client, List<Event> events, long lastSeq) implements Reply {
        public Events {
            events = List.copyOf(events);
        }
    }

    /** One event waiting to be published, under its place in the outbox. */
    public record OutboxRow(long outboxId, Event event) {
    }

    /** A page of outbox rows, oldest first. */
    public record OutboxRows(List<OutboxRow> rows) implements Reply {
        public OutboxRows {
            rows = List.copyOf(rows);
        }
    }

    /** How many outbox rows an {@link AckOutbox} removed. */
    public record OutboxAcked(long upToOutboxId, int removed) implements Reply {
    }
}
