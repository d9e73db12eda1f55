package io.faultline.bank.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bank.app.BankJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny real HTTP client for the tests. */
public final class Http {

    public record Answer(int status, JsonNode json, HttpResponse<String> raw) {
    }

    private final HttpClient client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String json) {
        return post(path, "application/json", json);
    }

    /** {@code POST path} with {@code json} sent as {@code contentType}, or with none if null. */
    public Answer post(String path, String contentType, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /** {@code method path} without a body, for methods the path may not take. */
    public Answer request(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : BankJson.MAPPER.readTree(r.body());
            return new Answer(r.statusCode(), json, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
