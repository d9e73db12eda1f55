package io.faultline.runtime;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

/**
 * A test node for the transport. The node named "pinger" sends Ping(1..target) to "ponger" one at
 * a time, resending on a timer until the matching Pong comes back (the network may lose
 * messages); its progress is durable. "ponger" answers every Ping and counts them durably.
 */
final class PingNode implements Node {

    static final Address PINGER = Address.of("pinger");
    static final Address PONGER = Address.of("ponger");
    static final long RESEND_MS = 50;

    sealed interface Msg extends Message permits Ping, Pong, Status, StatusReply {
    }

    record Ping(long n) implements Msg {
    }

    record Pong(long n) implements Msg {
    }

    record Status() implements Msg {
    }

    /** The pinger's last answered ping, or the ponger's count of pings seen. */
    record StatusReply(long value) implements Msg {
    }

    sealed interface Timers extends Timer permits Resend {
    }

    record Resend(long n) implements Timers {
    }

    private final long target;
    private long answered;

    PingNode(long target) {
        this.target = target;
    }

    @Override
    public void init(Context ctx) {
        recover(ctx);
    }

    @Override
    public void recover(Context ctx) {
        answered = ctx.store().get("answered").map(Long::parseLong).orElse(0L);
        if (ctx.self().equals(PINGER)) {
            pingNext(ctx);
        }
    }

    private void pingNext(Context ctx) {
        if (answered < target) {
            ctx.send(PONGER, new Ping(answered + 1));
            ctx.setTimer(new Resend(answered + 1), RESEND_MS);
        }
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Ping p) {
            answered++;
            ctx.store().put("answered", Long.toString(answered));
            ctx.reply(new Pong(p.n()));
        } else if (message instanceof Pong p && p.n() == answered + 1) {
            answered = p.n();
            ctx.store().put("answered", Long.toString(answered));
            pingNext(ctx);
        } else if (message instanceof Status) {
            ctx.reply(new StatusReply(answered));
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Resend r && r.n() == answered + 1) {
            ctx.send(PONGER, new Ping(r.n()));
            ctx.setTimer(r, RESEND_MS);
        }
    }
}
