package io.faultline.bank;

import static io.faultline.bank.LedgerStore.checkAccount;
import static io.faultline.bank.LedgerStore.checkClientName;

import io.faultline.bank.LedgerMessages.AckOutbox;
import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Command;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.OutboxAcked;
import io.faultline.bank.LedgerMessages.OutboxRow;
import io.faultline.bank.LedgerMessages.OutboxRows;
import io.faultline.bank.LedgerMessages.Query;
import io.faultline.bank.LedgerMessages.ReadOutbox;
import io.faultline.bank.LedgerMessages.Rejected;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerMessages.Withdraw;
import io.faultline.bank.LedgerStore.Account;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bank's ledger: accounts, their immutable events and the transactional outbox, all in the
 * node's {@link io.faultline.sim.DurableStore}. Every accepted command writes its balance changes,
 * its events, their outbox rows and its outcome in one atomic {@link WriteBatch}: after a crash
 * either all of it is there or none of it.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Double entry: a transfer debits one account and credits another by the same amount in one
 *       batch; deposits and withdrawals move money across the bank's boundary.</li>
 *   <li>No balance goes below {@code -overdraftLimit} (0 by default).</li>
 *   <li>A repeated command id with the same command returns the first outcome and applies
 *       nothing; the same id with a different command is refused ({@link
 *       ErrorCode#COMMAND_ID_REUSED}).</li>
 *   <li>Outcomes that depend on the balance (applied, {@link ErrorCode#INSUFFICIENT_FUNDS}) are
 *       stored under the command id, like a declined card payment; malformed input (bad names,
 *       bad amounts, unknown accounts) is refused without a trace, so it changes nothing at
 *       all.</li>
 * </ul>
 *
 * <p>The node keeps no state in memory: every handler reads what it needs from the store, so a
 * recovered node is the same as one that never crashed. Not thread-safe; an engine calls one
 * handler at a time.
 */
public final class Ledger implements Node {

    private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final String OUTCOME_APPLIED = "ok";
    private static final String OUTCOME_REJECTED = "rejected";

    private final LedgerConfig config;

    public Ledger(LedgerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The rules this ledger enforces. */
    public LedgerConfig config() {
        return config;
    }

    @Override
    public void init(Context ctx) {
        // Everything lives in the store; a new ledger starts with an empty one.
    }

    @Override
    public void recover(Context ctx) {
        // Nothing to rebuild: the handlers read the store directly.
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Request request) {
            ctx.reply(handle(ctx, request));
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        // The ledger sets no timers.
    }

    /** Handles one request and returns its reply; the engine-free entry point for adapters. */
    public Reply handle(Context ctx, Request request) {
        if (request instanceof Command c) {
            return execute(ctx, c);
        }
        return answer(new LedgerStore(ctx.store()), (Query) request, ctx);
    }

    // ---- commands ----

    private Reply execute(Context ctx, Command c) {
        String id = c.commandId();
        if (id == null || !COMMAND_ID.matcher(id).matches()) {
            return reject("", ErrorCode.INVALID_COMMAND_ID, "command id '" + id
                + "' is invalid: use 1 to 100 characters from A-Z a-z 0-9 _ . : -");
        }
        LedgerStore view = new LedgerStore(ctx.store());
        Optional<String> stored = view.command(id);
        if (stored.isPresent()) {
            return replay(view, c, stored.get());
        }
        Rejected invalid = validate(view, c);
        if (invalid != null) {
            return invalid;
        }
        Batch batch = new Batch(ctx, view, c);
        Reply reply;
        if (c instanceof OpenAccount o) {
            reply = batch.open(o.client());
        } else if (c instanceof Deposit d) {
            reply = batch.move(d.client(), EventType.DEPOSITED, d.amount(), Event.NO_COUNTERPARTY);
        } else if (c instanceof Withdraw w) {
            reply = batch.move(w.client(), EventType.WITHDRAWN, w.amount(), Event.NO_COUNTERPARTY);
        } else {
            Transfer t = (Transfer) c;
            reply = batch.move(t.from(), EventType.TRANSFERRED_OUT, t.amount(), t.to());
            if (reply instanceof Applied) {
                reply = batch.move(t.to(), EventType.TRANSFERRED_IN, t.amount(), t.from());
            }
        }
        batch.commit(reply);
        return reply;
    }

    private Rejected validate(LedgerStore view, Command c) {
        String id = c.commandId();
        if (c instanceof OpenAccount o) {
            Rejected bad = checkClientName(id, o.client());
            if (bad == null && view.account(o.client()).isPresent()) {
                bad = reject(id, ErrorCode.ACCOUNT_EXISTS, "account '" + o.client()
                    + "' already exists; open an account under a new name");
            }
            return bad;
        }
        if (c instanceof Deposit d) {
            return firstProblem(checkAccount(view, id, d.client()), checkAmount(id, d.amount()));
        }
        if (c instanceof Withdraw w) {
            return firstProblem(checkAccount(view, id, w.client()), checkAmount(id, w.amount()));
        }
        Transfer t = (Transfer) c;
        Rejected bad = firstProblem(checkAccount(view, id, t.from()),
            firstProblem(checkAccount(view, id, t.to()), checkAmount(id, t.amount())));
        if (bad == null && t.from().equals(t.to())) {
            bad = reject(id, ErrorCode.SAME_ACCOUNT, "transfer from '" + t.from()
                + "' to itself; the destination must be another account");
        }
        return bad;
    }

    private static Rejected firstProblem(Rejected first, Rejected second) {
        return first != null ? first : second;
    }

    private Rejected checkAmount(String id, long amount) {
        if (amount < 1 || amount > config.amountMax()) {
            return reject(id, ErrorCode.INVALID_AMOUNT, "amount " + amount
                + " is invalid: use a whole number of minor units in [1, " + config.amountMax()
                + "]");
        }
        return null;
    }

    private static Rejected reject(String id, ErrorCode code, String message) {
        return new Rejected(id, code, message, false);
    }

    private static Reply replay(LedgerStore view, Command c, String stored) {
        int newline = stored.indexOf('\n');
        String fingerprint = stored.substring(0, newline);
        String outcome = stored.substring(newline + 1);
        if (!fingerprint.equals(c.fingerprint())) {
            return reject(c.commandId(), ErrorCode.COMMAND_ID_REUSED, "command id '"
                + c.commandId() + "' was already used for '" + fingerprint + "', not '"
                + c.fingerprint() + "'; choose a new id for a new command");
        }
        String[] f = outcome.split(" ", 3);
        if (f[0].equals(OUTCOME_REJECTED)) {
            return new Rejected(c.commandId(), ErrorCode.valueOf(f[1]), f[2], true);
        }
        List<Event> events = new ArrayList<>();
        for (String ref : f[1].split(",")) {
            int colon = ref.lastIndexOf(':');
            String client = ref.substring(0, colon);
            long seq = Long.parseLong(ref.substring(colon + 1));
            events.add(view.event(client, seq).orElseThrow(() -> new IllegalStateException(
                "command " + c.commandId() + " refers to missing event " + ref)));
        }
        return new Applied(c.commandId(), events, true);
    }

    /** The writes of one command, collected and then committed in one atomic batch. */
    private final class Batch {
        private final Context ctx;
        private final LedgerStore view;
        private final Command command;
        private final WriteBatch writes = WriteBatch.create();
        private final List<Event> events = new ArrayList<>();
        private long outboxLast;

        Batch(Context ctx, LedgerStore view, Command command) {
            this.ctx = ctx;
            this.view = view;
            this.command = command;
            this.outboxLast = view.outboxLast();
        }

        Reply open(String client) {
            return append(client, new Account(0, 0), EventType.OPENED, 0, Event.NO_COUNTERPARTY);
        }

        Reply move(String client, EventType type, long amount, String counterparty) {
            Account account = view.account(client).orElseThrow();
            long balance;
            try {
                balance = Math.addExact(account.balance(), type.sign() * amount);
            } catch (ArithmeticException overflow) {
                return reject(command.commandId(), ErrorCode.INVALID_AMOUNT, "amount " + amount
                    + " would overflow the balance of '" + client + "' (" + account.balance()
                    + ")");
            }
            if (balance < -config.overdraftLimit()) {
                String limit = config.overdraftLimit() == 0 ? "0"
                    : "-" + config.overdraftLimit() + " (the overdraft limit)";
                return reject(command.commandId(), ErrorCode.INSUFFICIENT_FUNDS, "amount "
                    + amount + " would take '" + client + "' from " + account.balance() + " to "
                    + balance + ", below " + limit);
            }
            return append(client, account, type, amount, counterparty);
        }

        private Reply append(String client, Account account, EventType type, long amount,
                             String counterparty) {
            long seq = account.lastSeq() + 1;
            long balance = account.balance() + type.sign() * amount;
            Event event = new Event(client, seq, type, amount, balance, command.commandId(),
                counterparty, ctx.now());
            outboxLast++;
            writes.put(LedgerStore.accountKey(client), new Account(balance, seq).encode())
                .put(LedgerStore.eventKey(client, seq), event.encode())
                .put(LedgerStore.outboxKey(outboxLast), event.encode());
            events.add(event);
            return new Applied(command.commandId(), events, false);
        }

        /**
         * Writes the outcome: for an applied command, its events, outbox rows and outcome; for a
         * refusal that depends on the balance, the outcome only and none of the other writes.
         */
        void commit(Reply reply) {
            WriteBatch batch;
            String outcome;
            if (reply instanceof Applied applied) {
                List<String> refs = new ArrayList<>();
                for (Event e : applied.events()) {
                    refs.add(e.client() + ":" + e.seq());
                }
                outcome = OUTCOME_APPLIED + ' ' + String.join(",", refs);
                batch = writes.put(LedgerStore.OUTBOX_LAST, Long.toString(outboxLast));
            } else {
                Rejected r = (Rejected) reply;
                outcome = OUTCOME_REJECTED + ' ' + r.code().name() + ' ' + r.message();
                batch = WriteBatch.create();
            }
            batch.put(LedgerStore.COMMAND + command.commandId(),
                command.fingerprint() + '\n' + outcome);
            ctx.store().write(batch);
        }
    }

    // ---- queries ----

    private Reply answer(LedgerStore view, Query q, Context ctx) {
        if (q instanceof ReadOutbox r) {
            return readOutbox(view, r);
        }
        if (q instanceof AckOutbox a) {
            return ackOutbox(view, a, ctx);
        }
        return view.read(q, config.eventPageMax());
    }

    private Reply readOutbox(LedgerStore view, ReadOutbox r) {
        if (r.afterOutboxId() < 0 || r.limit() < 1 || r.limit() > config.outboxPageMax()) {
            return reject("", ErrorCode.INVALID_RANGE, "outbox read after "
                + r.afterOutboxId() + " limit " + r.limit() + " is invalid: use after >= 0"
                + " and limit in [1, " + config.outboxPageMax() + "]");
        }
        long first = Math.max(r.afterOutboxId(), view.outboxAcked()) + 1;
        long last = Math.min(view.outboxLast(), first + r.limit() - 1);
        List<OutboxRow> rows = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            long outboxId = id;
            view.outboxRow(id).ifPresent(v -> rows.add(new OutboxRow(outboxId, Event.decode(v))));
        }
        return new OutboxRows(rows);
    }

    private Reply ackOutbox(LedgerStore view, AckOutbox a, Context ctx) {
        long acked = view.outboxAcked();
        long upTo = Math.min(a.upToOutboxId(), view.outboxLast());
        if (a.upToOutboxId() < 0 || upTo - acked > config.outboxPageMax()) {
            return reject("", ErrorCode.INVALID_RANGE, "outbox ack up to " + a.upToOutboxId()
                + " is invalid: use an id read from the outbox, at most "
                + config.outboxPageMax() + " above the last acknowledged " + acked);
        }
        if (upTo <= acked) {
            return new OutboxAcked(a.upToOutboxId(), 0);
        }
        WriteBatch batch = WriteBatch.create();
        for (long id = acked + 1; id <= upTo; id++) {
            batch.delete(LedgerStore.outboxKey(id));
        }
        batch.put(LedgerStore.OUTBOX_ACKED, Long.toString(upTo));
        ctx.store().write(batch);
        return new OutboxAcked(a.upToOutboxId(), (int) (upTo - acked));
    }
}
