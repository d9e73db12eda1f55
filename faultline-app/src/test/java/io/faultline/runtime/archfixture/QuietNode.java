package io.faultline.runtime.archfixture;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

/** Architecture fixture: a node that does nothing, for fixtures to extend. Breaks no rule. */
public abstract class QuietNode implements Node {

    @Override
    public void init(Context ctx) {
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
    }
}
