package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;
import java.util.ArrayList;
import java.util.List;

/**
 * A test node: an exactly-once counter. It remembers each request id durably with the total it
 * produced, so a repeated request gets the remembered answer and is not applied twice. It also
 * has timers (ticks counted durably) and a message that makes it throw.
 */
final class CounterNode implements Node {

    /** The counter's messages. */
    sealed interface Msg extends Message {
    }

    /** Adds {@code amount} once per {@code id}. */
    record Add(String id, long amount) implements Msg {
    }

    /** The total after the add with {@code id}. */
    record Added(String id, long total) implements Msg {
    }

    /** Asks for the total, the ticks so far and the node's clock. */
    record Get() implements Msg {
    }

    /** The state, as {@link Get} reports it. */
    record State(long total, List<Integer> ticks, long nowMs, long recoveries) implements Msg {
    }

    /** Sets {@code count} ticks, {@code everyMs} apart, and one more timer that is cancelled. */
    record StartTicking(int count, long everyMs) implements Msg {
    }

    /** Makes the handler throw. */
    record Boom() implements Msg {
    }

    sealed interface Timers extends Timer {
    }

    record Tick(int n, long everyMs, int last) implements Timers {
    }

    record NeverFires() implements Timers {
    }

    private long total;
    private final List<Integer> ticks = new ArrayList<>();
    private long recoveries;

    @Override
    public void init(Context ctx) {
        total = 0;
    }

    @Override
    public void recover(Context ctx) {
        total = ctx.store().get("total").map(Long::parseLong).orElse(0L);
        for (String v : ctx.store().scan("tick/").values()) {
            ticks.add(Integer.parseInt(v));
        }
        recoveries = ctx.store().get("recoveries").map(Long::parseLong).orElse(0L) + 1;
        ctx.store().put("recoveries", Long.toString(recoveries));
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Add add) {
            var done = ctx.store().get("done/" + add.id());
            if (done.isPresent()) {
                ctx.reply(new Added(add.id(), Long.parseLong(done.get())));
                return;
            }
            total += add.amount();
            ctx.store().write(io.faultline.sim.WriteBatch.create()
                .put("total", Long.toString(total))
                .put("done/" + add.id(), Long.toString(total)));
            ctx.reply(new Added(add.id(), total));
        } else if (message instanceof Get) {
            ctx.reply(new State(total, List.copyOf(ticks), ctx.now(), recoveries));
        } else if (message instanceof StartTicking s) {
            TimerId never = ctx.setTimer(new NeverFires(), s.everyMs());
            ctx.setTimer(new Tick(1, s.everyMs(), s.count()), s.everyMs());
            ctx.cancelTimer(never);
        } else if (message instanceof Boom) {
            throw new IllegalStateException("boom, as asked");
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Tick t) {
            ticks.add(t.n());
            ctx.store().put(String.format("tick/%05d", t.n()), Integer.toString(t.n()));
            if (t.n() < t.last()) {
                ctx.setTimer(new Tick(t.n() + 1, t.everyMs(), t.last()), t.everyMs());
            }
        } else if (timer instanceof NeverFires) {
            throw new AssertionError("a cancelled timer fired");
        }
    }
}
