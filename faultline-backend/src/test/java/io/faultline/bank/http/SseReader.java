package io.faultline.bank.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bank.app.BankJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real SSE client for the tests: reads {@code id:}/{@code data:} frames on its own thread. */
final class SseReader implements AutoCloseable {

    record Frame(long id, JsonNode data) {
    }

    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final AtomicInteger comments = new AtomicInteger();
    final int status;
    private final InputStream body;
    private final Thread reader;

    SseReader(String url, Long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET()
            .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(),
            HttpResponse.BodyHandlers.ofInputStream());
        status = r.statusCode();
        body = r.body();
        reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body,
            StandardCharsets.UTF_8))) {
            long id = -1;
            String data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                } else if (line.isEmpty() && data != null) {
                    frames.add(new Frame(id, BankJson.MAPPER.readTree(data)));
                    data = null;
                }
            }
        } catch (IOException e) {
            // The connection closed; the frames so far stay.
        }
    }

    /** Waits until {@code count} frames arrived or the timeout passed; returns the frames. */
    List<Frame> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return List.copyOf(frames);
    }

    long lastId() {
        return frames.isEmpty() ? 0 : frames.get(frames.size() - 1).id();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
