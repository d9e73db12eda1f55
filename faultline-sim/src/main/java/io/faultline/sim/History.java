package io.faultline.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A history of client operations, in the order they happened. Thread-safe, so that the real
 * runtime's event loops may share one.
 */
public final class History implements HistoryRecorder {

    private final LongSupplier clockMs;
    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, Op> open = new LinkedHashMap<>();
    private long nextId;

    /** A history that stamps entries with {@code clockMs}. */
    public History(LongSupplier clockMs) {
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    }

    @Override
    public synchronized long invoke(String process, String f, Object value) {
        long id = nextId++;
        Op op = new Op(ops.size(), id, Op.Type.INVOKE, process, f, value, clockMs.getAsLong());
        ops.add(op);
        open.put(id, op);
        return id;
    }

    @Override
    public void ok(long opId, Object value) {
        complete(opId, Op.Type.OK, value);
    }

    @Override
    public void fail(long opId, String reason) {
        complete(opId, Op.Type.FAIL, reason);
    }

    @Override
    public void info(long opId, String reason) {
        complete(opId, Op.Type.INFO, reason);
    }

    @Override
    public synchronized boolean isOpen(long opId) {
        return open.containsKey(opId);
    }

    private synchronized void complete(long opId, Op.Type type, Object value) {
        Op invoke = open.remove(opId);
        if (invoke == null) {
            throw new IllegalStateException("operation " + opId
                + " is not open: it was never invoked or it was already completed");
        }
        ops.add(new Op(ops.size(), opId, type, invoke.process(), invoke.f(), value,
            clockMs.getAsLong()));
    }

    /** Completes every open operation as {@code info}, as Jepsen does when a run ends. */
    public synchronized void closeOpen(String reason) {
        for (Long id : new ArrayList<>(open.keySet())) {
            complete(id, Op.Type.INFO, reason);
        }
    }

    /** A snapshot of every entry so far. */
    public synchronized List<Op> ops() {
        return Collections.unmodifiableList(new ArrayList<>(ops));
    }

    /** The completions only (ok, fail, info), in order. */
    public synchronized List<Op> completions() {
        List<Op> out = new ArrayList<>();
        for (Op op : ops) {
            if (op.type() != Op.Type.INVOKE) {
                out.add(op);
            }
        }
        return out;
    }

    /** The invocation of operation {@code id}. */
    public synchronized Op invocation(long id) {
        for (Op op : ops) {
            if (op.id() == id && op.type() == Op.Type.INVOKE) {
                return op;
            }
        }
        throw new IllegalArgumentException("no operation " + id);
    }
}
