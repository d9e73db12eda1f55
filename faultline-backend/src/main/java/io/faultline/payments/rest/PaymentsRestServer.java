package io.faultline.payments.rest;

import io.faultline.payments.ErrorCode;
import io.faultline.payments.PaymentsMessage;
import io.faultline.payments.PaymentsMessage.ChargeRequest;
import io.faultline.payments.PaymentsMessage.GetPaymentRequest;
import io.faultline.payments.PaymentsMessage.PaymentReply;
import io.faultline.payments.PaymentsMessage.RefundReply;
import io.faultline.payments.PaymentsMessage.RefundRequest;
import io.faultline.payments.PaymentsMessage.Rejected;
import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.server.PaymentsGateway;
import io.faultline.http.ClientText;
import io.faultline.http.JsonErrorPages;
import io.faultline.http.JsonMediaType;
import io.faultline.http.MethodNotAllowed;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.MethodNotAllowedResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The payments REST API on Javalin:
 * <ul>
 *   <li>{@code POST /payments} with the course's body {@code {"amount": 3.99, "currency": "GBP",
 *       "card": {...}}} and an {@code Idempotency-Key} header: 201 and the payment;</li>
 *   <li>{@code GET /payments/{id}}: 200 and the payment;</li>
 *   <li>{@code POST /payments/{id}/refunds}, body {@code {"amount": 1.00}} or empty for all,
 *       and an {@code Idempotency-Key} header: 201 and the refund;</li>
 *   <li>{@code GET /openapi.json}, {@code GET /health}.</li>
 * </ul>
 * Every request but the last two needs {@code Authorization: Bearer <API key>}. Errors are JSON
 * {@code {"type", "code", "message", "param"}} with the Idempotency-Key draft's status codes:
 * 400 bad input or a missing key, 401, 404, 405 a known path with another method (with
 * {@code Allow}), 409 while the first request with the key is in progress, 413 a body over
 * {@value #BODY_BYTES_MAX} bytes, 415 a body whose Content-Type is not {@code application/json}
 * (none at all is read as JSON), 422 a key reused with another payload, 503 while shutting down,
 * 504 no outcome in time; a 409 or 503 carries {@code Retry-After}. A replayed outcome carries the
 * header {@code Idempotent-Replayed: true}.
 *
 * <pre>{@code
 * PaymentsRestServer rest = new PaymentsRestServer(gateway, apiKeys).start("127.0.0.1", 8081);
 * }</pre>
 *
 * Thread-safe.
 */
public final class PaymentsRestServer {

    /** The largest request body accepted, in bytes. */
    public static final int BODY_BYTES_MAX = 16 * 1024;
    /** What the Retry-After header of a 409 or 503 says, in seconds. */
    public static final long RETRY_AFTER_SECONDS = 1;
    /** How long a request waits for the node at most, in ms. */
    public static final long REPLY_TIMEOUT_MS = 30_000;
    /** Marks a response this server wrote, so the 404 page does not overwrite a JSON 404. */
    private static final String JSON_WRITTEN = "faultline.json-written";
    static final String OPENAPI_RESOURCE = "/io/faultline/payments/rest/openapi.json";

    private final PaymentsGateway gateway;
    private final ApiKeys keys;
    private final Javalin app;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final String openApi;

    public PaymentsRestServer(PaymentsGateway gateway, ApiKeys keys) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.openApi = loadOpenApi();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = BODY_BYTES_MAX * 4L;
            // A known route with another method is a 405, not a 404.
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(
                new JsonErrorPages(PaymentsRestServer::errorPage)));
        });
        // Before Javalin decodes the path's parameters, which fails on %ud800 with a 500.
        app.before(ctx -> {
            if (!ClientText.isPercentEncodedUtf8(ctx.path())) {
                send(ctx, 400, new Rejected(ErrorCode.INVALID_REQUEST, "id", "the payment id in"
                    + " the path is not valid percent-encoded UTF-8"));
                ctx.skipRemainingHandlers();
            }
        });
        app.post("/payments", this::createPayment);
        app.get("/payments/{id}", this::getPayment);
        app.post("/payments/{id}/refunds", this::createRefund);
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        app.get("/health", this::health);
        app.error(404, ctx -> {
            if (ctx.attribute(JSON_WRITTEN) == null) {
                send(ctx, 404, new Rejected(ErrorCode.ROUTE_NOT_FOUND, "", "no route "
                    + ctx.method() + " " + ctx.path() + "; see /openapi.json"));
            }
        });
        app.exception(MethodNotAllowedResponse.class, PaymentsRestServer::methodNotAllowed);
        app.exception(Exception.class, PaymentsRestServer::internalError);
    }

    /** A 405 whose Allow header lists, from Javalin's routes, the methods the path takes. */
    private static void methodNotAllowed(MethodNotAllowedResponse e, Context ctx) {
        String allowed = MethodNotAllowed.allowed(e);
        ctx.header(Header.ALLOW, allowed);
        send(ctx, status(ErrorCode.METHOD_NOT_ALLOWED), new Rejected(
            ErrorCode.METHOD_NOT_ALLOWED, "", MethodNotAllowed.message(ctx, allowed)
                + " (see /openapi.json)"));
    }

    /** The body of an error Jetty answers before a route, in this API's words. */
    static String errorPage(int status) {
        Rejected r = switch (status) {
            case 413 -> new Rejected(ErrorCode.REQUEST_TOO_LARGE, "", "the body is too large;"
                + " the limit is " + BODY_BYTES_MAX + " bytes");
            case 414 -> new Rejected(ErrorCode.REQUEST_TOO_LARGE, "", "the URI is too long");
            case 431 -> new Rejected(ErrorCode.REQUEST_TOO_LARGE, "", "the headers are too large;"
                + " an Idempotency-Key has at most 255 characters");
            default -> new Rejected(ErrorCode.INVALID_REQUEST, "", "the request is not valid"
                + " HTTP/1.1 (status " + status + "): check its request line, its headers (no"
                + " control characters) and its Content-Length");
        };
        return RestJson.write(RestJson.error(r));
    }

    /** A 500: the operator's log gets the cause, the client no internals. */
    private static void internalError(Exception e, Context ctx) {
        System.err.println("faultline payments: internal error on " + ctx.method() + " "
            + ctx.path() + ": " + e);
        send(ctx, 500, new Rejected(ErrorCode.INTERNAL_ERROR, "", "internal error; the request"
            + " may or may not have been applied: retry with the same Idempotency-Key"));
    }

    /**
     * Starts listening; port 0 picks a free one.
     *
     * @throws IllegalStateException naming the port when it is taken
     */
    public PaymentsRestServer start(String host, int port) {
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " ("
                + e.getMessage() + "). Make sure no other process is using it, or pass "
                + "--http-port.", e);
        }
        return this;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** Refuses new requests with 503 and reports 503 on /health; in-flight ones finish. */
    public void drain() {
        draining.set(true);
    }

    /** Drains and stops, letting in-flight requests finish. */
    public void stop() {
        drain();
        app.stop();
    }

    // ---- routes ---------------------------------------------------------------------------------

    private void createPayment(Context ctx) {
        Optional<String> client = admit(ctx);
        if (client.isEmpty()) {
            return;
        }
        try {
            String key = idempotencyKey(ctx);
            RestJson.Charge c = RestJson.charge(RestJson.object(body(ctx)));
            ChargeRequest request = new ChargeRequest(client.get(), key, c.amountMinor(),
                c.currency(), c.card());
            answer(ctx, gateway.submit(request), 201);
        } catch (RestJson.BadRequest e) {
            send(ctx, status(e.rejected.code()), e.rejected);
        }
    }

    private void getPayment(Context ctx) {
        Optional<String> client = admit(ctx);
        if (client.isPresent()) {
            answer(ctx, gateway.submit(new GetPaymentRequest(client.get(), ctx.pathParam("id"))),
                200);
        }
    }

    private void createRefund(Context ctx) {
        Optional<String> client = admit(ctx);
        if (client.isEmpty()) {
            return;
        }
        try {
            String key = idempotencyKey(ctx);
            String body = body(ctx);
            String paymentId = ctx.pathParam("id");
            // The amount is in the payment's major units, so the payment's currency comes first.
            CompletableFuture<PaymentsMessage.Reply> reply = gateway
                .submit(new GetPaymentRequest(client.get(), paymentId))
                .thenCompose(found -> {
                    if (!(found instanceof PaymentReply p)) {
                        return CompletableFuture.completedFuture(found);
                    }
                    try {
                        long amount = RestJson.refundMinor(body, p.payment().currency());
                        return gateway.submit(new RefundRequest(client.get(), key, paymentId,
                            amount));
                    } catch (RestJson.BadRequest e) {
                        return CompletableFuture.completedFuture(e.rejected);
                    }
                });
            answer(ctx, reply, 201);
        } catch (RestJson.BadRequest e) {
            send(ctx, status(e.rejected.code()), e.rejected);
        }
    }

    private void health(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", draining.get() ? "NOT_SERVING" : "SERVING");
        ctx.status(draining.get() ? 503 : 200).contentType("application/json")
            .result(RestJson.write(out));
    }

    // ---- plumbing -------------------------------------------------------------------------------

    /** The authenticated client, or empty after answering 503 or 401. */
    private Optional<String> admit(Context ctx) {
        if (draining.get()) {
            send(ctx, 503, new Rejected(ErrorCode.UNAVAILABLE, "", "the payments service is "
                + "shutting down; retry with the same Idempotency-Key"));
            return Optional.empty();
        }
        if (count(ctx, "Authorization") > 1) {
            send(ctx, 400, new Rejected(ErrorCode.INVALID_REQUEST, "Authorization", "send one"
                + " Authorization header, got " + count(ctx, "Authorization")));
            return Optional.empty();
        }
        Optional<String> client = keys.clientForAuthorization(ctx.header("Authorization"));
        if (client.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            send(ctx, 401, new Rejected(ErrorCode.UNAUTHENTICATED, "", "send a valid API key as "
                + "'Authorization: Bearer <key>'"));
        }
        return client;
    }

    /** How many times the request carries the header {@code name}. */
    private static int count(Context ctx, String name) {
        return Collections.list(ctx.req().getHeaders(name)).size();
    }

    private static String idempotencyKey(Context ctx) throws RestJson.BadRequest {
        if (count(ctx, "Idempotency-Key") > 1) {
            // Which one would a retry send? Refuse rather than guess.
            throw new RestJson.BadRequest(ErrorCode.INVALID_REQUEST, "Idempotency-Key", "send"
                + " one Idempotency-Key header, got " + count(ctx, "Idempotency-Key"));
        }
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isEmpty()) {
            throw new RestJson.BadRequest(ErrorCode.MISSING_IDEMPOTENCY_KEY, "Idempotency-Key",
                "the Idempotency-Key header is required: choose a unique key (a UUID) before the"
                    + " first try and send the same one on every retry");
        }
        return key;
    }

    /**
     * The body as text, refusing a Content-Type other than JSON and more than
     * {@link #BODY_BYTES_MAX} bytes, both without reading it. Every route calls this only after
     * {@link #admit}, so a client without a valid key gets a 401 whatever it sends, and learns
     * nothing about what the API reads before it has a key.
     */
    private static String body(Context ctx) throws RestJson.BadRequest {
        Optional<String> notJson = JsonMediaType.refusal(ctx);
        if (notJson.isPresent()) {
            throw new RestJson.BadRequest(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "", notJson.get());
        }
        long declared = ctx.contentLength();
        if (declared > BODY_BYTES_MAX) {
            // Unread, the rest of the body would be drained before the answer goes out.
            ctx.header("Connection", "close");
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(BODY_BYTES_MAX + 1);
            if (bytes.length > BODY_BYTES_MAX) {
                ctx.header("Connection", "close");
                throw tooLarge(bytes.length);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Cut short before its Content-Length, or a broken chunked encoding.
            ctx.header("Connection", "close");
            throw new RestJson.BadRequest(ErrorCode.INVALID_REQUEST, "", "the body could not be"
                + " read in full: it ended before its declared length, or its chunked encoding"
                + " is broken");
        }
    }

    private static RestJson.BadRequest tooLarge(long bytes) {
        return new RestJson.BadRequest(ErrorCode.REQUEST_TOO_LARGE, "", "the body has "
            + (bytes > BODY_BYTES_MAX ? "more than " + BODY_BYTES_MAX : Long.toString(bytes))
            + " bytes; the limit is " + BODY_BYTES_MAX);
    }

    private void answer(Context ctx, CompletableFuture<PaymentsMessage.Reply> reply,
                        int okStatus) {
        ctx.future(() -> reply.orTimeout(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .handle((r, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure;
                    boolean timeout = cause instanceof TimeoutException;
                    send(ctx, timeout ? 504 : 503, new Rejected(
                        timeout ? ErrorCode.TIMEOUT : ErrorCode.UNAVAILABLE, "",
                        (timeout ? "no outcome in time" : "the payments node is unreachable")
                            + "; the request may still complete: retry with the same "
                            + "Idempotency-Key"));
                } else if (r instanceof Rejected rej) {
                    send(ctx, status(rej.code()), rej);
                } else if (r instanceof PaymentReply p) {
                    replayed(ctx, p.replayed());
                    json(ctx, okStatus, RestJson.payment(p.payment()));
                } else if (r instanceof RefundReply rr) {
                    replayed(ctx, rr.replayed());
                    json(ctx, okStatus, RestJson.refund(rr.refund(), rr.payment()));
                }
                return null;
            }));
    }

    private static void replayed(Context ctx, boolean replayed) {
        if (replayed) {
            ctx.header("Idempotent-Replayed", "true");
        }
    }

    /** The HTTP status for an error code, as the Idempotency-Key draft assigns them. */
    static int status(ErrorCode code) {
        if (code == ErrorCode.REQUEST_TOO_LARGE) {
            return 413;
        }
        if (code == ErrorCode.TIMEOUT) {
            return 504;
        }
        if (code == ErrorCode.METHOD_NOT_ALLOWED) {
            return 405;
        }
        if (code == ErrorCode.UNSUPPORTED_MEDIA_TYPE) {
            return 415;
        }
        return switch (code.category()) {
            case INVALID_REQUEST -> 400;
            case KEY_REUSED -> 422;
            case IN_PROGRESS -> 409;
            case NOT_FOUND -> 404;
            case UNAUTHENTICATED -> 401;
            case UNAVAILABLE -> 503;
            case INTERNAL, CARD -> 500;
        };
    }

    private static void send(Context ctx, int status, Rejected r) {
        if (status == 409 || status == 503) {
            // Both mean "the same request may succeed later": say when to try again, in seconds.
            ctx.header("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
        }
        json(ctx, status, RestJson.error(r));
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.attribute(JSON_WRITTEN, Boolean.TRUE);
        ctx.status(status).contentType("application/json").result(RestJson.write(body));
    }

    private static String loadOpenApi() {
        try (InputStream in = PaymentsRestServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
