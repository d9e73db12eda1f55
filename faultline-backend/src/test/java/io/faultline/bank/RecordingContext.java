package io.faultline.bank;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.HistoryRecorder;
import io.faultline.sim.MemoryStore;
import io.faultline.sim.Message;
import io.faultline.sim.Rng;
import io.faultline.sim.TimerId;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A minimal single-node {@link Context} for unit tests: a {@link MemoryStore}, a clock the test
 * sets, and a list of everything sent. Not thread-safe.
 */
final class RecordingContext implements Context {

    record Sent(Address to, Message message) {
    }

    static final Address SELF = Address.of("ledger");
    static final Address CLIENT = Address.of("client");

    final MemoryStore store = new MemoryStore();
    final List<Sent> sent = new ArrayList<>();
    private final Rng rng = new Rng(42);
    private final History history = new History(this::now);
    long nowMs;

    @Override
    public Address self() {
        return SELF;
    }

    @Override
    public List<Address> nodes() {
        return List.of(CLIENT, SELF);
    }

    @Override
    public void send(Address to, Message message) {
        sent.add(new Sent(to, message));
    }

    @Override
    public void reply(Message message) {
        send(CLIENT, message);
    }

    @Override
    public TimerId setTimer(io.faultline.sim.Timer timer, long delayMs) {
        throw new UnsupportedOperationException("the ledger sets no timers");
    }

    @Override
    public void cancelTimer(TimerId id) {
        throw new UnsupportedOperationException("the ledger sets no timers");
    }

    @Override
    public long now() {
        return nowMs;
    }

    @Override
    public RandomGenerator random() {
        return rng;
    }

    @Override
    public DurableStore store() {
        return store;
    }

    @Override
    public HistoryRecorder history() {
        return history;
    }
}
