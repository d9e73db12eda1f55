package io.faultline.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark client of the polling design: every interval it asks
 * {@code GET /events/{client}?after=last} and checks that sequence numbers come one by one. On an
 * error it fails over to the next server at once. Counts its requests.
 */
final class BenchPoller implements BenchClient {

    private final HttpClient http;
    private final List<String> bases;
    private final String client;
    private final BenchSseClient.Totals totals;
    private final UpdateTracker updates;
    private final ScheduledFuture<?> task;
    private int baseIndex;
    private boolean inFlight;
    private volatile boolean closed;

    BenchPoller(HttpClient http, List<String> bases, String client, long afterSeq,
                BenchSseClient.Clock clock, BenchSseClient.Totals totals,
                ScheduledExecutorService timer, long offsetMs, long pollMs) {
        this.http = http;
        this.bases = bases;
        this.client = client;
        this.totals = totals;
        this.updates = new UpdateTracker(afterSeq, clock, totals);
        this.task = timer.scheduleAtFixedRate(this::poll, offsetMs, pollMs,
            TimeUnit.MILLISECONDS);
    }

    @Override
    public UpdateTracker updates() {
        return updates;
    }

    private void poll() {
        String url;
        synchronized (this) {
            if (inFlight || closed) {
                return;
            }
            inFlight = true;
            url = bases.get(baseIndex % bases.size()) + "/events/" + client + "?after=" + updates.lastSeq()
                + "&limit=1000";
        }
        totals.connections.incrementAndGet();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
            .GET().build();
        http.sendAsync(get, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            long now = System.nanoTime();
            boolean failed = e != null || r.statusCode() != 200;
            synchronized (this) {
                inFlight = false;
                if (failed) {
                    if (!closed) {
                        totals.errors.incrementAndGet();
                        baseIndex++;
                        updates.lost(now);
                    }
                } else {
                    updates.connected(now);
                    for (JsonNode event : UpdateTracker.read(r.body()).get("events")) {
                        updates.accept(event, now);
                    }
                }
            }
            if (failed && !closed) {
                // Fail over at once rather than wait a whole interval.
                poll();
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        task.cancel(false);
    }
}
