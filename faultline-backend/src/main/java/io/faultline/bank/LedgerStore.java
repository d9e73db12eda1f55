package io.faultline.bank;

import io.faultline.bank.LedgerMessages.Balance;
import io.faultline.bank.LedgerMessages.Events;
import io.faultline.bank.LedgerMessages.GetBalance;
import io.faultline.bank.LedgerMessages.GetEvents;
import io.faultline.bank.LedgerMessages.Query;
import io.faultline.bank.LedgerMessages.Rejected;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.sim.DurableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The ledger's layout in a {@link DurableStore}, and read access to it. The {@link Ledger} node
 * writes through it; checkers and tests read through it.
 *
 * <pre>
 * acct/{client}             "{balance} {lastSeq}"
 * evt/{client}/{seq:019d}   the event, {@link Event#encode()}
 * cmd/{commandId}           "{fingerprint}\n{outcome}": the first outcome of a command
 * outbox/{id:019d}          an event not yet published to the broker
 * meta/outbox-last          the id of the newest outbox row ever written
 * meta/outbox-acked         every outbox row up to this id is published and deleted
 * </pre>
 * Numbers in keys are zero-padded so that key order is numeric order. Not thread-safe by itself:
 * it is only as safe as the store it reads.
 */
public final class LedgerStore {

    static final String ACCOUNT = "acct/";
    static final String EVENT = "evt/";
    static final String COMMAND = "cmd/";
    static final String OUTBOX = "outbox/";
    static final String OUTBOX_LAST = "meta/outbox-last";
    static final String OUTBOX_ACKED = "meta/outbox-acked";

    /** An account's balance in minor units and the sequence number of its newest event. */
    public record Account(long balance, long lastSeq) {
        String encode() {
            return balance + " " + lastSeq;
        }

        static Account decode(String value) {
            int space = value.indexOf(' ');
            return new Account(Long.parseLong(value.substring(0, space)),
                Long.parseLong(value.substring(space + 1)));
        }
    }

    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final DurableStore store;

    public LedgerStore(DurableStore store) {
        this.store = store;
    }

    /** Whether {@code client} is a valid account name: 1 to 64 of A-Z a-z 0-9 _ . - */
    public static boolean isValidClient(String client) {
        return client != null && CLIENT.matcher(client).matches();
    }

    /**
     * Answers a {@link GetBalance} or {@link GetEvents} from this layout: the ledger answers
     * polling clients this way from its own store, the read model from its copy.
     *
     * @throws IllegalArgumentException for any other query
     */
    public Reply read(Query query, int eventPageMax) {
        if (query instanceof GetBalance b) {
            Rejected bad = checkAccount(this, "", b.client());
            if (bad != null) {
                return bad;
            }
            Account a = account(b.client()).orElseThrow();
            return new Balance(b.client(), a.balance(), a.lastSeq());
        }
        if (query instanceof GetEvents g) {
            return events(g, eventPageMax);
        }
        throw new IllegalArgumentException("not a read of balances or events: " + query);
    }

    private Reply events(GetEvents g, int eventPageMax) {
        Rejected bad = checkAccount(this, "", g.client());
        if (bad != null) {
            return bad;
        }
        if (g.fromSeq() < 1 || g.toSeq() < g.fromSeq()) {
            return new Rejected("", ErrorCode.INVALID_RANGE, "event range " + g.fromSeq() + ".."
                + g.toSeq() + " is invalid: use 1 <= from <= to (or after >= 0)", false);
        }
        if (g.limit() < 1 || g.limit() > eventPageMax) {
            return new Rejected("", ErrorCode.INVALID_RANGE, "limit " + g.limit()
                + " is invalid: use [1, " + eventPageMax + "]", false);
        }
        Account a = account(g.client()).orElseThrow();
        return new Events(g.client(), page(g.client(), g.fromSeq(), g.toSeq(), g.limit()),
            a.lastSeq());
    }

    static Rejected checkClientName(String id, String client) {
        if (!isValidClient(client)) {
            return new Rejected(id, ErrorCode.INVALID_CLIENT, "client '" + client
                + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 _ . -", false);
        }
        return null;
    }

    static Rejected checkAccount(LedgerStore view, String id, String client) {
        Rejected bad = checkClientName(id, client);
        if (bad == null && view.account(client).isEmpty()) {
            bad = new Rejected(id, ErrorCode.UNKNOWN_CLIENT, "unknown client '" + client
                + "'; open its account first", false);
        }
        return bad;
    }

    static String accountKey(String client) {
        return ACCOUNT + client;
    }

    static String eventKey(String client, long seq) {
        return EVENT + client + '/' + pad(seq);
    }

    static String outboxKey(long id) {
        return OUTBOX + pad(id);
    }

    private static String pad(long n) {
        return String.format("%019d", n);
    }

    /** The account of {@code client}, if it was opened. */
    public Optional<Account> account(String client) {
        return store.get(accountKey(client)).map(Account::decode);
    }

    /** The event {@code seq} of {@code client}, if it exists. */
    public Optional<Event> event(String client, long seq) {
        return store.get(eventKey(client, seq)).map(Event::decode);
    }

    /**
     * Up to {@code limit} events of {@code client} with sequence numbers in
     * {@code [fromSeq, toSeq]}, oldest first, read one key at a time so that a page costs its
     * size, not the account's history.
     */
    public List<Event> page(String client, long fromSeq, long toSeq, int limit) {
        List<Event> out = new ArrayList<>();
        long last = Math.min(toSeq, account(client).map(Account::lastSeq).orElse(0L));
        for (long seq = Math.max(1, fromSeq); seq <= last && out.size() < limit; seq++) {
            long missing = seq;
            out.add(event(client, seq).orElseThrow(() -> new IllegalStateException(
                "account " + client + " has no event " + missing)));
        }
        return out;
    }

    /** Every account, by client name. */
    public SortedMap<String, Account> accounts() {
        SortedMap<String, Account> out = new TreeMap<>();
        for (Map.Entry<String, String> e : store.scan(ACCOUNT).entrySet()) {
            out.put(e.getKey().substring(ACCOUNT.length()), Account.decode(e.getValue()));
        }
        return out;
    }

    /** Every event of {@code client}, oldest first. Reads the whole history: for checks only. */
    public List<Event> events(String client) {
        List<Event> out = new ArrayList<>();
        for (String value : store.scan(EVENT + client + '/').values()) {
            out.add(Event.decode(value));
        }
        return out;
    }

    /** Every outbox row not yet acknowledged, oldest first, by outbox id. */
    public SortedMap<Long, Event> pendingOutbox() {
        SortedMap<Long, Event> out = new TreeMap<>();
        for (Map.Entry<String, String> e : store.scan(OUTBOX).entrySet()) {
            out.put(Long.parseLong(e.getKey().substring(OUTBOX.length())),
                Event.decode(e.getValue()));
        }
        return out;
    }

    long outboxLast() {
        return store.get(OUTBOX_LAST).map(Long::parseLong).orElse(0L);
    }

    long outboxAcked() {
        return store.get(OUTBOX_ACKED).map(Long::parseLong).orElse(0L);
    }

    Optional<String> command(String commandId) {
        return store.get(COMMAND + commandId);
    }

    Optional<String> outboxRow(long id) {
        return store.get(outboxKey(id));
    }

    /**
     * Checks the ledger's own invariants and returns what is wrong, or an empty list: every
     * account's events are numbered 1..lastSeq without a gap, each balance equals the sum of its
     * events, and each event's balance respects the overdraft limit.
     */
    public List<String> checkInvariants(long overdraftLimit) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Account> a : accounts().entrySet()) {
            String client = a.getKey();
            List<Event> events = events(client);
            long sum = 0;
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                sum += e.delta();
                if (e.seq() != i + 1) {
                    problems.add(client + ": event at position " + (i + 1) + " has seq " + e.seq());
                }
                if (e.balanceAfter() != sum) {
                    problems.add(client + ": event " + e.seq() + " says balance " + e.balanceAfter()
                        + " but its events sum to " + sum);
                }
                if (sum < -overdraftLimit) {
                    problems.add(client + ": balance " + sum + " below the overdraft -"
                        + overdraftLimit + " after event " + e.seq());
                }
            }
            if (a.getValue().balance() != sum || a.getValue().lastSeq() != events.size()) {
                problems.add(client + ": account says " + a.getValue() + " but its "
                    + events.size() + " events sum to " + sum);
            }
        }
        return problems;
    }
}
