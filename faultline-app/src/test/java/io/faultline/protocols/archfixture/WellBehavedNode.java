package io.faultline.protocols.archfixture;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Rng;
import io.faultline.sim.Timer;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Architecture fixture: a node that keeps every rule. It reads time and randomness from its
 * context, and its seeded {@link Rng}, and sets a timer instead of sleeping.
 */
public final class WellBehavedNode implements Node {

    private record Tick() implements Timer {
    }

    private final SortedMap<Long, Integer> seen = new TreeMap<>();

    @Override
    public void init(Context ctx) {
        seen.put(ctx.now(), ctx.random().nextInt(10) + new Rng(42).split("node").nextInt(3));
        ctx.setTimer(new Tick(), 100);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        ctx.reply(message);
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        ctx.store().get("seen");
    }
}
