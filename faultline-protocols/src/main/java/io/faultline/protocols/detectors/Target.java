package io.faultline.protocols.detectors;

import io.faultline.protocols.detectors.DetectorMessage.Ping;
import io.faultline.protocols.detectors.DetectorMessage.Pong;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

/**
 * The watched node: it answers every ping at once. Under the Byzantine model its adversary does
 * the same, which is the point: a crash failure detector sees a node that answers as correct,
 * whatever else it does wrong.
 */
public final class Target implements Node {

    @Override
    public void init(Context ctx) {
        // Nothing to set up: it only answers.
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Ping ping) {
            ctx.reply(new Pong(ping.seq()));
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        // It sets no timers.
    }
}
