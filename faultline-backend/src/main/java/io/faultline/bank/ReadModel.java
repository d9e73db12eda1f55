package io.faultline.bank;

import io.faultline.bank.LedgerStore.Account;
import io.faultline.sim.DurableStore;
import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The filling part's read model: balances and event lists rebuilt from the ledger's events as
 * they arrive from the broker, in the read model's own store, with the ledger's key layout (see
 * {@link LedgerStore}).
 *
 * <p>Delivery is at least once and only ordered per account, so {@link #apply} decides by the
 * event's sequence number: the next one is applied (event and balance in one atomic batch), one
 * already applied is a {@link Outcome#DUPLICATE} and changes nothing, and one further ahead is a
 * {@link Outcome#GAP} and is refused: the read model never skips a sequence number. Not
 * thread-safe: one caller per account at a time (a consumer owns each partition).
 */
public final class ReadModel {

    /** What {@link #apply} did with an event. */
    public enum Outcome {
        /** The event was the account's next one and is now applied. */
        APPLIED,
        /** The event was applied before; nothing changed. */
        DUPLICATE,
        /** One or more earlier events are missing; nothing changed. */
        GAP
    }

    private final DurableStore store;
    private final LedgerStore view;

    public ReadModel(DurableStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.view = new LedgerStore(store);
    }

    /**
     * Applies {@code event} if it is its account's next one.
     *
     * @throws IllegalStateException when the event contradicts what was applied: a duplicate with
     *     other content, or a balance that does not follow from the previous one. Both mean the
     *     source is corrupt, which must stop the consumer rather than be skipped.
     */
    public Outcome apply(Event event) {
        return applyAll(List.of(event)).get(0);
    }

    /**
     * Applies each event that is its account's next one, in list order, and writes all of them in
     * one atomic batch (one commit for a whole poll of the consumer).
     *
     * @return the outcome of each event, in list order
     * @throws IllegalStateException as {@link #apply}; then nothing of the list is written
     */
    public List<Outcome> applyAll(List<Event> events) {
        Map<String, Account> accounts = new TreeMap<>();
        Map<String, Event> written = new TreeMap<>();
        WriteBatch batch = WriteBatch.create();
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (Event event : events) {
            Account account = accounts.computeIfAbsent(event.client(),
                c -> view.account(c).orElse(new Account(0, 0)));
            String key = LedgerStore.eventKey(event.client(), event.seq());
            if (event.seq() <= account.lastSeq()) {
                Event applied = written.containsKey(key) ? written.get(key)
                    : view.event(event.client(), event.seq()).orElseThrow();
                if (!applied.equals(event)) {
                    throw new IllegalStateException("event " + event.client() + "#" + event.seq()
                        + " arrived as " + event + " but was applied as " + applied);
                }
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            if (event.seq() > account.lastSeq() + 1) {
                outcomes.add(Outcome.GAP);
                continue;
            }
            long balance = account.balance() + event.delta();
            if (balance != event.balanceAfter()) {
                throw new IllegalStateException("event " + event + " says balance "
                    + event.balanceAfter() + " but the read model's " + account.balance()
                    + " plus " + event.delta() + " is " + balance);
            }
            Account next = new Account(balance, event.seq());
            accounts.put(event.client(), next);
            written.put(key, event);
            batch.put(LedgerStore.accountKey(event.client()), next.encode())
                .put(key, event.encode());
            outcomes.add(Outcome.APPLIED);
        }
        if (!batch.isEmpty()) {
            store.write(batch);
        }
        return outcomes;
    }

    /** The account of {@code client} as far as applied. */
    public Optional<Account> account(String client) {
        return view.account(client);
    }

    /**
     * Up to {@code limit} applied events of {@code client} with sequence numbers in
     * {@code [fromSeq, toSeq]}, oldest first.
     */
    public List<Event> events(String client, long fromSeq, long toSeq, int limit) {
        return view.page(client, fromSeq, toSeq, limit);
    }

    /** Answers a balance or events query from what was applied, as the ledger would. */
    public LedgerMessages.Reply read(LedgerMessages.Query query, int eventPageMax) {
        return view.read(query, eventPageMax);
    }

    /** Read access to everything applied, for checks. */
    public LedgerStore view() {
        return view;
    }
}
