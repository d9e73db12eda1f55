package io.faultline.protocols.failover;

import io.faultline.protocols.failover.Messages.Ack;
import io.faultline.protocols.failover.Messages.Deposit;
import io.faultline.protocols.failover.Timers.DepositTimeout;
import io.faultline.protocols.failover.Timers.NextDeposit;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;

import java.util.List;
import java.util.Objects;

/**
 * The bank's client: makes {@code deposits} deposits one after another, amounts 1..100 drawn from
 * its seeded stream, each recorded in the history as invoke then ok. It sends each to the replica
 * it believes active (the one that last acknowledged, {@code primary} at first) and, on a timeout,
 * tries the other, alternating, with the same deposit id on every try, until one acknowledges.
 * A deposit's id is its id in the history: 0, 1, 2, ... as the client is the only one invoking.
 */
public final class FailoverClient implements Node {

    private final List<Address> replicas;
    private final FailoverConfig config;
    // Volatile: a real run's checker reads these two from another thread.
    private volatile int target;
    private volatile int done;
    private long opId = -1;
    private long amount;
    private int attempt;
    private TimerId timeout;

    /** @param replicas the two replicas, the one that starts active first */
    public FailoverClient(List<Address> replicas, FailoverConfig config) {
        this.replicas = List.copyOf(replicas);
        if (this.replicas.size() != 2) {
            throw new IllegalArgumentException("need two replicas, got " + replicas);
        }
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void init(Context ctx) {
        scheduleNext(ctx);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Ack ack && ack.opId() == opId && opId >= 0) {
            ctx.history().ok(opId, ack.replica().name());
            if (replicas.contains(ack.replica())) {
                target = replicas.indexOf(ack.replica());
            }
            finish(ctx);
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof NextDeposit) {
            amount = 1 + ctx.random().nextInt(100);
            opId = ctx.history().invoke("client", "deposit", amount);
            attempt = 0;
            send(ctx);
        } else if (timer instanceof DepositTimeout t && t.opId() == opId
                && t.attempt() == attempt) {
            if (++attempt >= config.triesMax()) {
                ctx.history().info(opId, "no acknowledgement after " + config.triesMax()
                    + " tries: outcome unknown");
                finish(ctx);
                return;
            }
            target = 1 - target;
            send(ctx);
        }
    }

    private void send(Context ctx) {
        ctx.send(replicas.get(target), new Deposit(opId, amount));
        timeout = ctx.setTimer(new DepositTimeout(opId, attempt), config.clientTimeoutMs());
    }

    private void finish(Context ctx) {
        ctx.cancelTimer(timeout);
        opId = -1;
        done++;
        scheduleNext(ctx);
    }

    private void scheduleNext(Context ctx) {
        if (done < config.deposits()) {
            ctx.setTimer(new NextDeposit(), ctx.random().nextLong(config.thinkMaxMs() + 1));
        }
    }

    /** Deposits finished so far. */
    public int done() {
        return done;
    }

    /** The replica the client sends to now. */
    public Address target() {
        return replicas.get(target);
    }
}
