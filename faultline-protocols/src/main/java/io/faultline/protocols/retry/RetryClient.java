package io.faultline.protocols.retry;

import io.faultline.protocols.retry.Messages.Reply;
import io.faultline.protocols.retry.Timers.NextOp;
import io.faultline.protocols.retry.Timers.RetryTimeout;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;
import io.faultline.sim.WriteBatch;

/**
 * The client: performs {@code ops} operations "add n to the counter" one after another, each
 * recorded in the history as invoke then ok (a reply came), or info (no reply: the outcome is
 * unknown). How it retries depends on the {@link Protocol}.
 *
 * <p>Under exactly-once the client keeps the request id in its durable store before the first try,
 * as a caller of an idempotent API must: after a crash it resumes the same operation with the same
 * id instead of starting a new one.
 */
public final class RetryClient implements Node {

    private static final String PENDING = "pending";
    private static final String DONE = "done";

    private final Address server;
    private final RetryConfig config;
    private Auth auth;
    private int done;
    private long op = -1;
    private long historyId;
    private long amount;
    private String requestId;
    private int attempt;
    private TimerId timeout;

    public RetryClient(Address server, RetryConfig config) {
        this.server = server;
        this.config = config;
    }

    @Override
    public void init(Context ctx) {
        auth = new Auth(config.secret());
        scheduleNext(ctx);
    }

    @Override
    public void recover(Context ctx) {
        auth = new Auth(config.secret());
        done = ctx.store().get(DONE).map(Integer::parseInt).orElse(0);
        var pending = ctx.store().get(PENDING);
        if (pending.isEmpty()) {
            scheduleNext(ctx);
            return;
        }
        String[] f = pending.get().split("\\|");
        op = Long.parseLong(f[0]);
        historyId = Long.parseLong(f[1]);
        amount = Long.parseLong(f[2]);
        requestId = f[3];
        attempt = 0;
        if (!ctx.history().isOpen(historyId)) {
            finish(ctx);
            return;
        }
        sendTry(ctx);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (!(message instanceof Reply reply) || !auth.valid(reply)) {
            return;
        }
        if (op < 0 || !reply.requestId().equals(requestId)) {
            return;
        }
        ctx.history().ok(historyId, reply.counter());
        finish(ctx);
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof NextOp) {
            startOp(ctx);
        } else if (timer instanceof RetryTimeout t && t.op() == op && t.attempt() == attempt) {
            onTimeout(ctx);
        }
    }

    private void startOp(Context ctx) {
        amount = 1 + ctx.random().nextInt(100);
        historyId = ctx.history().invoke("client", "add", amount);
        op = historyId;
        requestId = newRequestId(ctx);
        attempt = 0;
        if (config.protocol() == Protocol.EXACTLY_ONCE) {
            ctx.store().put(PENDING, op + "|" + historyId + "|" + amount + "|" + requestId);
        }
        sendTry(ctx);
    }

    private void onTimeout(Context ctx) {
        switch (config.protocol()) {
            case AT_MOST_ONCE -> {
                ctx.history().info(historyId, "no reply within " + config.timeoutMs()
                    + "ms: outcome unknown");
                finish(ctx);
            }
            case AT_LEAST_ONCE, EXACTLY_ONCE -> {
                if (attempt + 1 >= config.retryMax()) {
                    ctx.history().info(historyId, "no reply after " + config.retryMax()
                        + " tries: outcome unknown");
                    finish(ctx);
                    return;
                }
                attempt++;
                if (config.protocol() == Protocol.AT_LEAST_ONCE) {
                    requestId = newRequestId(ctx);
                }
                sendTry(ctx);
            }
        }
    }

    private void sendTry(Context ctx) {
        ctx.send(server, auth.sign(requestId, op, amount));
        long wait = Math.min(config.backoffMaxMs(),
            config.timeoutMs() << Math.min(attempt, 20));
        timeout = ctx.setTimer(new RetryTimeout(op, attempt), wait);
    }

    private void finish(Context ctx) {
        if (timeout != null) {
            ctx.cancelTimer(timeout);
            timeout = null;
        }
        op = -1;
        done++;
        if (config.protocol() == Protocol.EXACTLY_ONCE) {
            ctx.store().write(WriteBatch.create().delete(PENDING).put(DONE, Integer.toString(done)));
        }
        scheduleNext(ctx);
    }

    private void scheduleNext(Context ctx) {
        if (done < config.ops()) {
            ctx.setTimer(new NextOp(), ctx.random().nextLong(config.thinkMaxMs() + 1));
        }
    }

    private static String newRequestId(Context ctx) {
        return "r" + Long.toHexString(ctx.random().nextLong());
    }

    /** Operations finished (ok or info). */
    public int done() {
        return done;
    }
}
