package io.faultline.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bank.app.BankJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark client holding an SSE stream of its account: it checks that sequence numbers come
 * one by one, and when the stream breaks it reconnects to the next replica with
 * {@code Last-Event-ID}. Non-blocking: lines arrive on the HTTP client's threads.
 */
final class BenchSseClient implements Flow.Subscriber<String> {

    /** Decides whether an event counts and records its latency; returns whether it counted. */
    interface Clock {
        boolean seen(long eventTimeMs, long seenNanos);
    }

    /** Counters shared by every client of a run. */
    static final class Totals {
        final AtomicLong connections = new AtomicLong();
        final AtomicLong seen = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong repeats = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong reconnects = new AtomicLong();
    }

    private static final long RECONNECT_DELAY_MS = 100;
    private static final int RECONNECTS_MAX = 100;

    private final HttpClient http;
    private final List<String> bases;
    private final String client;
    private final Clock clock;
    private final Totals totals;
    private volatile boolean closed;
    private int baseIndex;
    private int reconnectCount;
    private long lastSeq;
    private String data;
    private Flow.Subscription subscription;
    private CompletableFuture<HttpResponse<Void>> response;
    /** When this client last lost its stream, or 0; and when it next got an event after that. */
    volatile long lostAtNanos;
    volatile long resumedAtNanos;

    BenchSseClient(HttpClient http, List<String> bases, String client, long afterSeq, Clock clock,
                   Totals totals) {
        this.http = http;
        this.bases = bases;
        this.client = client;
        this.lastSeq = afterSeq;
        this.clock = clock;
        this.totals = totals;
        connect();
    }

    /** The base URL this client streams from now. */
    synchronized String base() {
        return bases.get(baseIndex % bases.size());
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        totals.connections.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/stream/" + client))
            .header("Accept", "text/event-stream")
            .header("Last-Event-ID", Long.toString(lastSeq)).GET().build();
        response = http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(this));
        response.whenComplete((r, e) -> {
            if (closed) {
                return;
            }
            if (e != null || r.statusCode() != 200) {
                totals.errors.incrementAndGet();
                reconnect();
            }
        });
    }

    private void reconnect() {
        synchronized (this) {
            if (closed || reconnectCount >= RECONNECTS_MAX) {
                return;
            }
            reconnectCount++;
            baseIndex++;
            if (lostAtNanos == 0) {
                lostAtNanos = System.nanoTime();
                resumedAtNanos = 0;
            }
        }
        totals.reconnects.incrementAndGet();
        CompletableFuture.delayedExecutor(RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS)
            .execute(this::connect);
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        long now = System.nanoTime();
        if (line.startsWith("data:")) {
            data = line.substring(5).trim();
        } else if (line.isEmpty() && data != null) {
            JsonNode event = read(data);
            data = null;
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
                    resumedAtNanos = now;
                }
            }
            if (clock.seen(event.get("timeMs").asLong(), now)) {
                totals.seen.incrementAndGet();
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return BankJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    @Override
    public void onError(Throwable t) {
        reconnect();
    }

    @Override
    public void onComplete() {
        reconnect();
    }

    /** Stops the stream for good. */
    void close() {
        Flow.Subscription s;
        synchronized (this) {
            closed = true;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
        if (response != null) {
            response.cancel(true);
        }
    }

}
