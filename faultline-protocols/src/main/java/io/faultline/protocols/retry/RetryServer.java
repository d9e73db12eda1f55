package io.faultline.protocols.retry;

import io.faultline.protocols.retry.Messages.Request;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.WriteBatch;

import java.util.Optional;

/**
 * The server: a counter in its durable store. Under exactly-once it also keeps every request id
 * with the outcome it answered, written in the same atomic batch as the effect, and answers a
 * repeated id with that outcome. Under the other protocols it applies whatever arrives.
 *
 * <p>Each application also records, under {@code ghost/}, which client operation it belonged to.
 * That record is for the checker only (a ghost variable): the server never reads it.
 */
public final class RetryServer implements Node {

    static final String COUNTER = "counter";
    static final String REQUEST_PREFIX = "req/";
    static final String GHOST_PREFIX = "ghost/";

    private final RetryConfig config;
    private Auth auth;

    public RetryServer(RetryConfig config) {
        this.config = config;
    }

    @Override
    public void init(Context ctx) {
        auth = new Auth(config.secret());
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (!(message instanceof Request request) || !auth.valid(request)) {
            return;
        }
        if (config.protocol() == Protocol.EXACTLY_ONCE) {
            Optional<String> seen = ctx.store().get(REQUEST_PREFIX + request.requestId());
            if (seen.isPresent()) {
                ctx.reply(auth.sign(request.requestId(), Long.parseLong(seen.get())));
                return;
            }
        }
        long counter = apply(ctx, request, 1, config.protocol() == Protocol.EXACTLY_ONCE);
        ctx.reply(auth.sign(request.requestId(), counter));
    }

    /**
     * Applies a request {@code times} times in one atomic write and returns the new counter.
     * Honest servers apply once; the Byzantine server reuses this to apply twice. With
     * {@code remember}, the request id and its outcome go into the same write.
     */
    static long apply(Context ctx, Request request, int times, boolean remember) {
        long counter = counter(ctx) + times * request.amount();
        String ghost = ghostKey(request.op());
        long applied = ctx.store().get(ghost).map(Long::parseLong).orElse(0L) + times;
        WriteBatch batch = WriteBatch.create()
            .put(COUNTER, Long.toString(counter))
            .put(ghost, Long.toString(applied));
        if (remember) {
            batch.put(REQUEST_PREFIX + request.requestId(), Long.toString(counter));
        }
        ctx.store().write(batch);
        return counter;
    }

    static long counter(Context ctx) {
        return ctx.store().get(COUNTER).map(Long::parseLong).orElse(0L);
    }

    static String ghostKey(long op) {
        return GHOST_PREFIX + String.format("%06d", op);
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        // The server sets no timers.
    }
}
