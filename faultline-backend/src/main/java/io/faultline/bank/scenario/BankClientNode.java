package io.faultline.bank.scenario;

import io.faultline.bank.Event;
import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Command;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.Rejected;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerMessages.Withdraw;
import io.faultline.bank.scenario.SimMessages.Push;
import io.faultline.bank.scenario.SimMessages.Subscribe;
import io.faultline.bank.scenario.SimTimers.Resend;
import io.faultline.bank.scenario.SimTimers.Resubscribe;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's client in the simulator: it runs a fixed list of commands against the ledger, one
 * at a time, each retried with the same command id until it gets an answer, and it watches one
 * account through the response part's push, accepting only the next sequence number and
 * resubscribing after the last one it has (as an SSE client does with Last-Event-ID) when it
 * sees a jump or hears nothing for a while.
 */
public final class BankClientNode implements Node {

    private final Address ledger;
    private final Address view;
    private final List<String> accounts;
    private final String watched;
    private final int commandCount;
    private final long timeoutMs;
    private final long retryCapMs;
    private final long spacingMs;
    private final long resubscribeMs;
    private final List<Command> commands = new ArrayList<>();
    private final List<Event> received = new ArrayList<>();
    private int current = -1;
    private long opId;

    public BankClientNode(Address ledger, Address view, List<String> accounts, int commandCount,
                          long timeoutMs, long retryCapMs, long spacingMs, long resubscribeMs) {
        this.ledger = ledger;
        this.view = view;
        this.accounts = List.copyOf(accounts);
        this.watched = accounts.get(0);
        this.commandCount = commandCount;
        this.timeoutMs = timeoutMs;
        this.retryCapMs = retryCapMs;
        this.spacingMs = spacingMs;
        this.resubscribeMs = resubscribeMs;
    }

    @Override
    public void init(Context ctx) {
        for (String a : accounts) {
            commands.add(new OpenAccount("open-" + a, a));
            commands.add(new Deposit("fund-" + a, a, 100));
        }
        for (int i = 0; commands.size() < commandCount; i++) {
            String from = accounts.get(ctx.random().nextInt(accounts.size()));
            String to = accounts.get(ctx.random().nextInt(accounts.size()));
            long amount = 1 + ctx.random().nextInt(80);
            commands.add(from.equals(to) ? new Withdraw("c" + i, from, amount)
                : new Transfer("c" + i, from, to, amount));
        }
        start(ctx, 0);
        ctx.send(view, new Subscribe(watched, 0));
        ctx.setTimer(new Resubscribe(), resubscribeMs);
    }

    /** How many commands this client runs. */
    public int commandCount() {
        return commandCount;
    }

    /** The watched account's events as accepted from the push, in order. */
    public List<Event> received() {
        return List.copyOf(received);
    }

    /** The account this client watches. */
    public String watched() {
        return watched;
    }

    private void start(Context ctx, int index) {
        if (index >= commands.size()) {
            return;
        }
        current = index;
        opId = ctx.history().invoke(ctx.self().name(), "command", commands.get(index));
        send(ctx, 0);
    }

    private void send(Context ctx, int attempt) {
        ctx.send(ledger, commands.get(current));
        long backoff = Math.min(retryCapMs, timeoutMs << Math.min(attempt, 10));
        ctx.setTimer(new Resend(current, attempt), backoff);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Push p) {
            onPush(ctx, p.event());
        } else if (message instanceof Applied a && isCurrent(a.commandId())) {
            ctx.history().ok(opId, "applied " + a.events().size() + " event(s)");
            next(ctx);
        } else if (message instanceof Rejected r && isCurrent(r.commandId())) {
            ctx.history().fail(opId, r.code() + ": " + r.message());
            next(ctx);
        }
    }

    private boolean isCurrent(String commandId) {
        return current >= 0 && current < commands.size()
            && commands.get(current).commandId().equals(commandId)
            && !commandId.isEmpty();
    }

    private void next(Context ctx) {
        int following = current + 1;
        current = commands.size();
        if (following < commands.size()) {
            ctx.setTimer(new Resend(following, -1), spacingMs);
        }
    }

    private void onPush(Context ctx, Event e) {
        if (!e.client().equals(watched)) {
            return;
        }
        long last = received.size();
        if (e.seq() == last + 1) {
            received.add(e);
        } else if (e.seq() > last + 1) {
            // A push went missing: ask again after the last one held, never skip.
            ctx.send(view, new Subscribe(watched, last));
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Resend r) {
            if (r.attempt() == -1) {
                start(ctx, r.command());
            } else if (r.command() == current) {
                send(ctx, r.attempt() + 1);
            }
        } else if (timer instanceof Resubscribe) {
            ctx.send(view, new Subscribe(watched, received.size()));
            ctx.setTimer(new Resubscribe(), resubscribeMs);
        }
    }
}
