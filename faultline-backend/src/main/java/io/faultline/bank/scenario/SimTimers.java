package io.faultline.bank.scenario;

import io.faultline.sim.Timer;

/** The timers of the bank scenario's nodes. */
public final class SimTimers {

    private SimTimers() {
    }

    /** Every timer of the scenario. */
    public sealed interface BankSimTimer extends Timer {
    }

    /** The broker pulls the ledger's outbox again. */
    public record PullOutbox(long round) implements BankSimTimer {
    }

    /** A filling member sends its heartbeat. */
    public record Beat() implements BankSimTimer {
    }

    /** A filling member's fetch or apply of round {@code round} took too long, or it polls. */
    public record Step(long round) implements BankSimTimer {
    }

    /** The client's command {@code attempt} got no answer in time: send it again. */
    public record Resend(int command, int attempt) implements BankSimTimer {
    }

    /** The client resubscribes with its last sequence number, as an SSE client reconnects. */
    public record Resubscribe() implements BankSimTimer {
    }
}
