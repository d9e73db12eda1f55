package io.faultline.protocols.failover;

import io.faultline.protocols.detectors.DetectorMessage.Ping;
import io.faultline.protocols.failover.Messages.AcquireEpoch;
import io.faultline.protocols.failover.Messages.Loaded;
import io.faultline.protocols.failover.Messages.Read;
import io.faultline.protocols.failover.Messages.Status;
import io.faultline.protocols.failover.Messages.Write;
import io.faultline.protocols.failover.Timers.Strike;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

import java.util.Objects;

/**
 * A replica gone bad, in place of the backup under the Byzantine model. To the other replica's
 * detector it looks like a healthy passive backup: it answers every ping. Every half second or so
 * it takes over as the protocol allows (fenced: it gets a new epoch, the highest) and writes the
 * account back to empty. It is a real replica with real credentials, so no epoch check can tell
 * its writes from honest ones: fencing stops stale writers, not lying ones.
 */
public final class ByzantineReplica implements Node {

    private final Address storage;
    private final FailoverConfig config;
    private long requestId;
    private long writes;

    public ByzantineReplica(Address storage, FailoverConfig config) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void init(Context ctx) {
        ctx.setTimer(new Strike(), 200 + ctx.random().nextLong(800));
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Ping ping) {
            ctx.reply(new Status(ping.seq(), false));
        } else if (message instanceof Loaded l && l.requestId() == requestId) {
            writes++;
            ctx.send(storage, new Write(ctx.self(), requestId, 1, l.epoch(), Account.EMPTY,
                ctx.now()));
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Strike) {
            requestId = ctx.random().nextLong();
            ctx.send(storage, config.protocol().fenced() ? new AcquireEpoch(requestId)
                : new Read(requestId));
            ctx.setTimer(new Strike(), 500 + ctx.random().nextLong(500));
        }
    }

    /** How many roll-backs it has sent. */
    public long writes() {
        return writes;
    }
}
