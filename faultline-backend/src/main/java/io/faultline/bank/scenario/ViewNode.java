package io.faultline.bank.scenario;

import io.faultline.bank.Event;
import io.faultline.bank.ReadModel;
import io.faultline.bank.scenario.SimMessages.Apply;
import io.faultline.bank.scenario.SimMessages.ApplyDone;
import io.faultline.bank.scenario.SimMessages.Push;
import io.faultline.bank.scenario.SimMessages.Subscribe;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The response part with its read model: it applies what the filling part sends (idempotently, by
 * sequence number, in its store) and pushes each subscriber every event of its account after the
 * last one it sent, read from the read model, so a stream has no gap and no repeat. Subscriptions
 * live in memory; a client that hears nothing resubscribes with its last sequence number.
 */
public final class ViewNode implements Node {

    /** One client's stream: who, which account, the last sequence number sent. */
    private static final class Subscription {
        final Address client;
        final String account;
        long lastSent;

        Subscription(Address client, String account, long lastSent) {
            this.client = client;
            this.account = account;
            this.lastSent = lastSent;
        }
    }

    private final int pushMax;
    private final TreeMap<String, Subscription> subscriptions = new TreeMap<>();

    public ViewNode(int pushMax) {
        this.pushMax = pushMax;
    }

    @Override
    public void init(Context ctx) {
        // The read model is in the store; subscriptions start empty.
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof Apply a) {
            ReadModel readModel = new ReadModel(ctx.store());
            List<ReadModel.Outcome> outcomes = readModel.applyAll(a.events());
            ctx.reply(new ApplyDone(a.requestId(), outcomes));
            TreeSet<String> accounts = new TreeSet<>();
            a.events().forEach(e -> accounts.add(e.client()));
            for (Subscription s : subscriptions.values()) {
                if (accounts.contains(s.account)) {
                    push(readModel, ctx, s);
                }
            }
        } else if (message instanceof Subscribe s) {
            Subscription sub = new Subscription(from, s.account(), s.afterSeq());
            subscriptions.put(from.name() + "/" + s.account(), sub);
            push(new ReadModel(ctx.store()), ctx, sub);
        }
    }

    private void push(ReadModel readModel, Context ctx, Subscription s) {
        for (Event e : readModel.events(s.account, s.lastSent + 1, Long.MAX_VALUE, pushMax)) {
            ctx.send(s.client, new Push(e));
            s.lastSent = e.seq();
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        // The view sets no timers.
    }
}
