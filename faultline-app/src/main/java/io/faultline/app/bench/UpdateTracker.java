package io.faultline.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bank.app.BankJson;
import java.io.IOException;

/**
 * What a benchmark client knows of its account's updates, however they arrive: the newest
 * sequence number, whether updates came one by one, and when it lost and regained its server.
 * Thread-safe.
 */
final class UpdateTracker {

    private final BenchSseClient.Clock clock;
    private final BenchSseClient.Totals totals;
    private long lastSeq;
    private long lostAtNanos;
    private long reconnectedAtNanos;
    private long resumedAtNanos;

    UpdateTracker(long afterSeq, BenchSseClient.Clock clock, BenchSseClient.Totals totals) {
        this.lastSeq = afterSeq;
        this.clock = clock;
        this.totals = totals;
    }

    /** Takes one event (JSON) seen at {@code nowNanos}: counts a gap, a repeat or a new update. */
    void accept(JsonNode event, long nowNanos) {
        long seq = event.get("seq").asLong();
        synchronized (this) {
            if (seq <= lastSeq) {
                totals.repeats.incrementAndGet();
                return;
            }
            if (seq != lastSeq + 1) {
                totals.gaps.incrementAndGet();
            }
            lastSeq = seq;
            if (lostAtNanos != 0 && resumedAtNanos == 0) {
                resumedAtNanos = nowNanos;
            }
        }
        if (clock.seen(event.get("timeMs").asLong(), nowNanos)) {
            totals.seen.incrementAndGet();
        }
    }

    /** Notes that the client lost its server at {@code nowNanos} (only the first time counts). */
    synchronized void lost(long nowNanos) {
        if (lostAtNanos == 0) {
            lostAtNanos = nowNanos;
        }
    }

    /** Notes a successful answer or stream from a server at {@code nowNanos}. */
    synchronized void connected(long nowNanos) {
        if (lostAtNanos != 0 && reconnectedAtNanos == 0) {
            reconnectedAtNanos = nowNanos;
        }
    }

    /** When the client first had a working server again after losing one, or 0. */
    synchronized long reconnectedAtNanos() {
        return reconnectedAtNanos;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized long lostAtNanos() {
        return lostAtNanos;
    }

    synchronized long resumedAtNanos() {
        return resumedAtNanos;
    }

    static JsonNode read(String json) {
        try {
            return BankJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
