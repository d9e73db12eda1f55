package io.faultline.bank.scenario;

import io.faultline.bank.Event;
import io.faultline.bank.LedgerMessages.AckOutbox;
import io.faultline.bank.LedgerMessages.OutboxRow;
import io.faultline.bank.LedgerMessages.OutboxRows;
import io.faultline.bank.LedgerMessages.ReadOutbox;
import io.faultline.bank.scenario.SimMessages.Assignment;
import io.faultline.bank.scenario.SimMessages.Commit;
import io.faultline.bank.scenario.SimMessages.Fetch;
import io.faultline.bank.scenario.SimMessages.Heartbeat;
import io.faultline.bank.scenario.SimMessages.NotOwner;
import io.faultline.bank.scenario.SimMessages.Records;
import io.faultline.bank.scenario.SimTimers.PullOutbox;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated Kafka: a partitioned log with one consumer group, and the outbox connector that
 * fills it. It stands for a replicated cluster, so the scenario never crashes it; its log and
 * committed offsets live in its store.
 *
 * <ul>
 *   <li>Connector: it pulls the ledger's outbox one page at a time (stop-and-wait, so a late copy
 *       of an old page can only repeat rows), appends rows with an outbox id above the last one
 *       appended (an idempotent producer: a republished row is not appended twice) to the
 *       partition of their account, and then acknowledges them to the ledger.</li>
 *   <li>Group: members send heartbeats; a member silent for {@code sessionMs} leaves the live
 *       set, which starts a new generation and reassigns partitions (partition p to live member
 *       p mod n, in name order). Fetches and commits from a member that does not own the
 *       partition in the current generation are refused, so a zombie cannot move offsets.
 *       Delivery is at least once: a new owner starts at the committed offset.</li>
 * </ul>
 */
public final class SimBroker implements Node {

    private final Address ledger;
    private final int partitions;
    private final long pollMs;
    private final long pullTimeoutMs;
    private final long sessionMs;
    private final int pageMax;
    private final TreeMap<String, Long> lastBeatMs = new TreeMap<>();
    private List<String> live = List.of();
    private long generation;
    private long pullRound;

    public SimBroker(Address ledger, int partitions, long pollMs, long pullTimeoutMs,
                     long sessionMs, int pageMax) {
        this.ledger = ledger;
        this.partitions = partitions;
        this.pollMs = pollMs;
        this.pullTimeoutMs = pullTimeoutMs;
        this.sessionMs = sessionMs;
        this.pageMax = pageMax;
    }

    /** The partition of an account: stable across runs and JVMs. */
    public static int partitionOf(String account, int partitions) {
        return Math.floorMod(account.hashCode(), partitions);
    }

    static String logKey(int partition, long offset) {
        return String.format("log/%03d/%019d", partition, offset);
    }

    private static long number(DurableStore store, String key) {
        return store.get(key).map(Long::parseLong).orElse(0L);
    }

    @Override
    public void init(Context ctx) {
        pull(ctx);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof OutboxRows rows && from.equals(ledger)) {
            onRows(ctx, rows);
        } else if (message instanceof Heartbeat h) {
            lastBeatMs.put(h.member(), ctx.now());
            refreshMembers(ctx);
            ctx.reply(new Assignment(h.member(), generation, committedOf(ctx, h.member())));
        } else if (message instanceof Fetch f) {
            refreshMembers(ctx);
            if (!owns(f.member(), f.generation(), f.partition())) {
                ctx.reply(new NotOwner(generation, f.partition()));
            } else {
                ctx.reply(new Records(generation, f.partition(), f.offset(),
                    read(ctx.store(), f.partition(), f.offset(), Math.min(f.max(), pageMax))));
            }
        } else if (message instanceof Commit c) {
            refreshMembers(ctx);
            String key = "commit/" + c.partition();
            long next = number(ctx.store(), "next/" + c.partition());
            if (owns(c.member(), c.generation(), c.partition())
                && c.offset() > number(ctx.store(), key) && c.offset() <= next) {
                ctx.store().put(key, Long.toString(c.offset()));
            }
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof PullOutbox p && p.round() == pullRound) {
            pull(ctx);
        }
    }

    private void pull(Context ctx) {
        pullRound++;
        ctx.send(ledger, new ReadOutbox(number(ctx.store(), "outbox-last"), pageMax));
        ctx.setTimer(new PullOutbox(pullRound), pullTimeoutMs);
    }

    private void onRows(Context ctx, OutboxRows rows) {
        DurableStore store = ctx.store();
        long last = number(store, "outbox-last");
        TreeMap<Integer, Long> next = new TreeMap<>();
        WriteBatch batch = WriteBatch.create();
        for (OutboxRow row : rows.rows()) {
            if (row.outboxId() <= last) {
                continue;
            }
            int p = partitionOf(row.event().client(), partitions);
            long offset = next.computeIfAbsent(p, k -> number(store, "next/" + k));
            batch.put(logKey(p, offset), row.event().encode());
            next.put(p, offset + 1);
            last = row.outboxId();
        }
        if (batch.isEmpty()) {
            // Nothing new: pull again when the current round's timer fires.
            ctx.setTimer(new PullOutbox(++pullRound), pollMs);
            return;
        }
        next.forEach((p, n) -> batch.put("next/" + p, Long.toString(n)));
        store.write(batch.put("outbox-last", Long.toString(last)));
        ctx.send(ledger, new AckOutbox(last));
        pull(ctx);
    }

    private void refreshMembers(Context ctx) {
        List<String> now = new ArrayList<>();
        for (Map.Entry<String, Long> e : lastBeatMs.entrySet()) {
            if (ctx.now() - e.getValue() <= sessionMs) {
                now.add(e.getKey());
            }
        }
        if (!now.equals(live)) {
            live = List.copyOf(now);
            generation++;
        }
    }

    private boolean owns(String member, long gen, int partition) {
        return gen == generation && !live.isEmpty()
            && live.get(partition % live.size()).equals(member);
    }

    private Map<Integer, Long> committedOf(Context ctx, String member) {
        Map<Integer, Long> out = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            if (owns(member, generation, p)) {
                out.put(p, number(ctx.store(), "commit/" + p));
            }
        }
        return out;
    }

    private static List<Event> read(DurableStore store, int partition, long offset, int max) {
        List<Event> out = new ArrayList<>();
        for (long o = offset; out.size() < max; o++) {
            var value = store.get(logKey(partition, o));
            if (value.isEmpty()) {
                break;
            }
            out.add(Event.decode(value.get()));
        }
        return out;
    }

    /** Every record of every partition, for checks: partition, then offset order. */
    public static List<Event> log(DurableStore store) {
        List<Event> out = new ArrayList<>();
        for (String v : store.scan("log/").values()) {
            out.add(Event.decode(v));
        }
        return out;
    }
}
