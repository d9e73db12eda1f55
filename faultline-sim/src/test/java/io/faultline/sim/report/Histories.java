package io.faultline.sim.report;

import io.faultline.sim.History;
import io.faultline.sim.Op;

/** A history with a clock the test moves by hand. */
final class Histories {

    private final long[] nowMs = {0};
    final History history = new History(() -> nowMs[0]);

    void at(long ms) {
        nowMs[0] = ms;
    }

    /** Records one operation invoked at {@code startMs} that completes ok after {@code ms}. */
    long ok(String process, long startMs, long ms) {
        return operation(process, startMs, ms, Op.Type.OK);
    }

    long fail(String process, long startMs, long ms) {
        return operation(process, startMs, ms, Op.Type.FAIL);
    }

    long info(String process, long startMs, long ms) {
        return operation(process, startMs, ms, Op.Type.INFO);
    }

    private long operation(String process, long startMs, long ms, Op.Type outcome) {
        at(startMs);
        long id = history.invoke(process, "add", 1);
        at(startMs + ms);
        if (outcome == Op.Type.OK) {
            history.ok(id, 1);
        } else if (outcome == Op.Type.FAIL) {
            history.fail(id, "refused");
        } else {
            history.info(id, "timeout");
        }
        return id;
    }
}
