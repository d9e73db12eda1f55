package io.faultline.app.bench;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

/**
 * A benchmark node: on start it sends {@code window} tokens to its peers; every token it receives
 * it passes on to the next node, until {@code hops} hops are done. It measures the simulator's own
 * cost per delivery, with as little protocol work as possible.
 */
final class FloodNode implements Node {

    /** A token that has {@code hopsLeft} more hops to go. */
    record Token(long hopsLeft) implements Message {
    }

    private final int window;
    private final long hops;

    FloodNode(int window, long hops) {
        this.window = window;
        this.hops = hops;
    }

    @Override
    public void init(Context ctx) {
        for (int i = 0; i < window; i++) {
            ctx.send(next(ctx, i), new Token(hops));
        }
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Token t && t.hopsLeft() > 0) {
            ctx.send(next(ctx, (int) t.hopsLeft()), new Token(t.hopsLeft() - 1));
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        // No timers.
    }

    private static Address next(Context ctx, int salt) {
        var nodes = ctx.nodes();
        int me = nodes.indexOf(ctx.self());
        int step = 1 + Math.floorMod(salt, nodes.size() - 1);
        return nodes.get((me + step) % nodes.size());
    }
}
