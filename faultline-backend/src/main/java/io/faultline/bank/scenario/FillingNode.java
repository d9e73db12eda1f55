package io.faultline.bank.scenario;

import io.faultline.bank.ReadModel;
import io.faultline.bank.scenario.SimMessages.Apply;
import io.faultline.bank.scenario.SimMessages.ApplyDone;
import io.faultline.bank.scenario.SimMessages.Assignment;
import io.faultline.bank.scenario.SimMessages.Commit;
import io.faultline.bank.scenario.SimMessages.Fetch;
import io.faultline.bank.scenario.SimMessages.Heartbeat;
import io.faultline.bank.scenario.SimMessages.NotOwner;
import io.faultline.bank.scenario.SimMessages.Records;
import io.faultline.bank.scenario.SimTimers.Beat;
import io.faultline.bank.scenario.SimTimers.Step;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A member of the filling part's consumer group: it fetches its partitions' records from the
 * broker one partition at a time, has the response part's read model apply them, and commits the
 * offset only after the read model answered. It keeps nothing durable: after a crash it rejoins
 * and starts from the committed offsets, so records are delivered again and dropped by the read
 * model as duplicates. A record that would leave a gap is not committed past; it is fetched
 * again.
 */
public final class FillingNode implements Node {

    private final Address broker;
    private final Address view;
    private final long heartbeatMs;
    private final long stepTimeoutMs;
    private final long pollMs;
    private final int fetchMax;
    private long generation = -1;
    /** The broker refused this member in its generation: the next assignment replaces it. */
    private boolean refused;
    private final TreeMap<Integer, Long> offsets = new TreeMap<>();
    private final List<Integer> owned = new ArrayList<>();
    private int cursor;
    private long round;
    private long requestIds;
    /** What is in flight: a fetch of {@code partition}, or an apply of {@code count} records. */
    private int partition = -1;
    private long applyId = -1;
    private long applyOffset;
    private int applyCount;

    public FillingNode(Address broker, Address view, long heartbeatMs, long stepTimeoutMs,
                       long pollMs, int fetchMax) {
        this.broker = broker;
        this.view = view;
        this.heartbeatMs = heartbeatMs;
        this.stepTimeoutMs = stepTimeoutMs;
        this.pollMs = pollMs;
        this.fetchMax = fetchMax;
    }

    @Override
    public void init(Context ctx) {
        // Each life numbers its applies from its own random start: from 1, an answer to the last
        // life's apply, delayed on the network, would match this life's first one.
        requestIds = ctx.random().nextLong(1L << 62);
        beat(ctx);
    }

    private void beat(Context ctx) {
        ctx.send(broker, new Heartbeat(ctx.self().name()));
        ctx.setTimer(new Beat(), heartbeatMs);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Assignment a) {
            if (a.member().equals(ctx.self().name()) && (a.generation() > generation
                || a.generation() == generation && refused)) {
                refused = false;
                generation = a.generation();
                offsets.clear();
                offsets.putAll(a.committed());
                owned.clear();
                owned.addAll(offsets.keySet());
                step(ctx);
            }
        } else if (message instanceof Records r) {
            onRecords(ctx, r);
        } else if (message instanceof ApplyDone d) {
            onApplied(ctx, d);
        } else if (message instanceof NotOwner n && n.generation() >= generation) {
            // The broker refused a fetch in this generation (or a later one): the assignment
            // held is not (or no longer) this member's. Take the broker's next one for this
            // generation too, or a member would keep a wrong assignment for good.
            refused = true;
            ctx.send(broker, new Heartbeat(ctx.self().name()));
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Beat) {
            beat(ctx);
        } else if (timer instanceof Step s && s.round() == round) {
            step(ctx);
        }
    }

    /** Starts the next piece of work: a fetch of the next owned partition. */
    private void step(Context ctx) {
        round++;
        applyId = -1;
        if (owned.isEmpty()) {
            partition = -1;
            return;
        }
        partition = owned.get(Math.floorMod(cursor++, owned.size()));
        ctx.send(broker, new Fetch(ctx.self().name(), generation, partition,
            offsets.get(partition), fetchMax));
        ctx.setTimer(new Step(round), stepTimeoutMs);
    }

    private void onRecords(Context ctx, Records r) {
        if (r.generation() != generation || r.partition() != partition || applyId != -1
            || r.offset() != offsets.get(partition)) {
            return;
        }
        if (r.events().isEmpty()) {
            round++;
            ctx.setTimer(new Step(round), pollMs);
            return;
        }
        applyId = ++requestIds;
        applyOffset = r.offset();
        applyCount = r.events().size();
        ctx.send(view, new Apply(applyId, r.events()));
        round++;
        ctx.setTimer(new Step(round), stepTimeoutMs);
    }

    private void onApplied(Context ctx, ApplyDone d) {
        if (d.requestId() != applyId) {
            return;
        }
        int done = 0;
        while (done < d.outcomes().size() && d.outcomes().get(done) != ReadModel.Outcome.GAP) {
            done++;
        }
        long next = applyOffset + done;
        offsets.put(partition, next);
        ctx.send(broker, new Commit(ctx.self().name(), generation, partition, next));
        step(ctx);
    }
}
