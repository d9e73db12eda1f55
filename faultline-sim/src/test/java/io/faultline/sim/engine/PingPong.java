package io.faultline.sim.engine;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

/** A test protocol: the pinger sends numbered pings every 10 ms; the ponger answers each. */
final class PingPong {

    static final Address PINGER = Address.of("pinger");
    static final Address PONGER = Address.of("ponger");

    record Ping(int n) implements Message {
    }

    record Pong(int n) implements Message {
    }

    record Tick() implements Timer {
    }

    private PingPong() {
    }

    static final class Pinger implements Node {
        final int count;
        int sent;
        int pongs;

        Pinger(int count) {
            this.count = count;
        }

        @Override
        public void init(Context ctx) {
            ctx.setTimer(new Tick(), 10);
        }

        @Override
        public void onMessage(Context ctx, Address from, Message message) {
            if (message instanceof Pong) {
                pongs++;
            }
        }

        @Override
        public void onTimer(Context ctx, Timer timer) {
            if (sent < count) {
                ctx.send(PONGER, new Ping(sent++));
                ctx.setTimer(new Tick(), 10);
            }
        }
    }

    /** Answers every ping and counts them in its store: two writes per ping. */
    static final class Ponger implements Node {
        int seenInMemory;

        @Override
        public void init(Context ctx) {
        }

        @Override
        public void onMessage(Context ctx, Address from, Message message) {
            if (message instanceof Ping p) {
                seenInMemory++;
                long seen = ctx.store().get("seen").map(Long::parseLong).orElse(0L) + 1;
                ctx.store().put("seen", Long.toString(seen));
                ctx.store().put("last", Integer.toString(p.n()));
                ctx.reply(new Pong(p.n()));
            }
        }

        @Override
        public void onTimer(Context ctx, Timer timer) {
        }
    }
}
