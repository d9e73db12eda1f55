package io.faultline.protocols.retry;

import io.faultline.protocols.retry.Messages.Request;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

/**
 * A server that deviates from the protocol. It has the shared key (it is the real server, gone
 * bad), so authentication does not help; no retry discipline can make one lying server safe.
 */
public final class ByzantineServer implements Node {

    /** What the server does wrong. */
    public enum Strategy {
        /** Answers success without applying anything. */
        ACK_WITHOUT_APPLYING,
        /** Applies every request twice. */
        APPLY_TWICE,
        /** Never answers. */
        SILENT
    }

    private final RetryConfig config;
    private Auth auth;
    private Strategy strategy;

    public ByzantineServer(RetryConfig config) {
        this.config = config;
    }

    @Override
    public void init(Context ctx) {
        auth = new Auth(config.secret());
        strategy = Strategy.values()[ctx.random().nextInt(Strategy.values().length)];
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (!(message instanceof Request request)) {
            return;
        }
        switch (strategy) {
            case ACK_WITHOUT_APPLYING -> ctx.reply(auth.sign(request.requestId(),
                RetryServer.counter(ctx) + request.amount()));
            case APPLY_TWICE -> ctx.reply(auth.sign(request.requestId(),
                RetryServer.apply(ctx, request, 2, false)));
            case SILENT -> {
                // Say nothing, ever.
            }
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        // No timers.
    }

    public Strategy strategy() {
        return strategy;
    }
}
