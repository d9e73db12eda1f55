package io.faultline.app.bench;

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
final class BenchSseClient implements Flow.Subscriber<String>, BenchClient {

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
    private final Totals totals;
    private final UpdateTracker updates;
    private volatile boolean closed;
    private int baseIndex;
    private int reconnectCount;
    private String data;
    private Flow.Subscription subscription;
    private CompletableFuture<HttpResponse<Void>> response;

    BenchSseClient(HttpClient http, List<String> bases, String client, long afterSeq, Clock clock,
                   Totals totals) {
        this.http = http;
        this.bases = bases;
        this.client = client;
        this.totals = totals;
        this.updates = new UpdateTracker(afterSeq, clock, totals);
        connect();
    }

    /** The base URL this client streams from now. */
    synchronized String base() {
        return bases.get(baseIndex % bases.size());
    }

    @Override
    public UpdateTracker updates() {
        return updates;
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        totals.connections.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/stream/" + client))
            .header("Accept", "text/event-stream")
            .header("Last-Event-ID", Long.toString(updates.lastSeq())).GET().build();
        response = http.sendAsync(request, info -> {
            if (info.statusCode() == 200) {
                updates.connected(System.nanoTime());
            }
            return HttpResponse.BodySubscribers.fromLineSubscriber(this);
        });
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
            updates.lost(System.nanoTime());
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
            String json = data;
            data = null;
            updates.accept(UpdateTracker.read(json), now);
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
    @Override
    public void close() {
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
