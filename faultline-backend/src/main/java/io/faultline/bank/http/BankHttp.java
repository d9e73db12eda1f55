package io.faultline.bank.http;

import io.faultline.bank.Event;
import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Balance;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.Events;
import io.faultline.bank.LedgerMessages.GetBalance;
import io.faultline.bank.LedgerMessages.GetEvents;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.Rejected;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerMessages.Withdraw;
import io.faultline.bank.LedgerStore;
import io.faultline.bank.app.BankJson;
import io.faultline.bank.app.EventFeed;
import io.faultline.bank.app.LedgerGateway;
import io.faultline.http.ClientText;
import io.faultline.http.JsonErrorPages;
import io.faultline.http.MethodNotAllowed;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.sse.SseClient;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bank's HTTP API (Javalin): the polling design, the response part of the broker design, or
 * both, depending on what it is given.
 *
 * <pre>
 * POST /accounts     {"commandId":"c1","client":"alice"}                      201 (200 replayed)
 * POST /deposits     {"commandId":"c2","client":"alice","amount":500}
 * POST /withdrawals  {"commandId":"c3","client":"alice","amount":100}
 * POST /transfers    {"commandId":"c4","from":"alice","to":"bob","amount":50}
 * GET  /balance/{client}                       {"client":"alice","balance":350,"lastSeq":4}
 * GET  /events/{client}?from=a&amp;to=b[&amp;limit=n]   {"client":..,"events":[..],"lastSeq":..}
 * GET  /events/{client}?after=s[&amp;limit=n]
 * GET  /stream/{client}   server-sent events (send Accept: text/event-stream): id = sequence
 *                         number, event "event", data = the event as JSON; resume with
 *                         Last-Event-ID; ": heartbeat" comments
 * </pre>
 * Errors are {@link ApiError} bodies with the status of their {@link io.faultline.bank.ErrorCode};
 * a ledger that does not answer in time gives 503 {@code UNAVAILABLE}, a known path asked with
 * another method 405 {@code METHOD_NOT_ALLOWED} with an {@code Allow} header, and a command whose
 * Content-Type is not {@code application/json} 415 {@code UNSUPPORTED_MEDIA_TYPE} (a command
 * without one is read as JSON).
 *
 * <pre>{@code
 * BankHttp http = BankHttp.builder().commands(ledger).reads(ledger).build().start("127.0.0.1", 0);
 * int port = http.port();
 * }</pre>
 * Thread-safe.
 */
public final class BankHttp implements AutoCloseable {

    private static final int EVENT_LIMIT_DEFAULT = 100;
    private static final String EVENT_STREAM = "text/event-stream";
    /** Marks a response this adapter wrote, so the 404 fallback leaves it alone. */
    private static final String ANSWERED = "bank.answered";

    private final LedgerGateway commands;
    private final LedgerGateway reads;
    private final EventFeed feed;
    private final Duration askTimeout;
    private final long heartbeatMs;
    private final int eventPageMax;
    private final Map<SseClient, AutoCloseable> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats;
    private Javalin app;

    private BankHttp(Builder b) {
        this.commands = b.commands;
        this.reads = Objects.requireNonNull(b.reads, "reads: where balances and events come from");
        this.feed = b.feed;
        this.askTimeout = b.askTimeout;
        this.heartbeatMs = b.heartbeatMs;
        this.eventPageMax = b.eventPageMax;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder; {@link Builder#reads} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of {@link BankHttp}; each setter checks its range at once. */
    public static final class Builder {
        private LedgerGateway commands;
        private LedgerGateway reads;
        private EventFeed feed;
        private Duration askTimeout = Duration.ofSeconds(5);
        private long heartbeatMs = 5_000;
        private int eventPageMax = 1_000;

        private Builder() {
        }

        /** Where commands go; without it the command endpoints answer 404. */
        public Builder commands(LedgerGateway gateway) {
            this.commands = gateway;
            return this;
        }

        /** Where {@code GET /balance} and {@code GET /events} are answered from. */
        public Builder reads(LedgerGateway gateway) {
            this.reads = gateway;
            return this;
        }

        /** What {@code GET /stream} pushes; without it that endpoint answers 404. */
        public Builder feed(EventFeed eventFeed) {
            this.feed = eventFeed;
            return this;
        }

        /** How long to wait for the bank's answer before 503, in [1 ms, 60 s]. */
        public Builder askTimeout(Duration timeout) {
            if (timeout.toMillis() < 1 || timeout.toMillis() > 60_000) {
                throw new IllegalArgumentException("askTimeout must be in [1 ms, 60 s], was "
                    + timeout);
            }
            this.askTimeout = timeout;
            return this;
        }

        /** The interval of SSE heartbeat comments, in [10, 600000] ms. */
        public Builder heartbeatMs(long ms) {
            if (ms < 10 || ms > 600_000) {
                throw new IllegalArgumentException("heartbeatMs must be in [10, 600000], was "
                    + ms);
            }
            this.heartbeatMs = ms;
            return this;
        }

        /** The largest {@code limit} of an events page, as the ledger's configuration says. */
        public Builder eventPageMax(int max) {
            if (max < 1 || max > 100_000) {
                throw new IllegalArgumentException("eventPageMax must be in [1, 100000], was "
                    + max);
            }
            this.eventPageMax = max;
            return this;
        }

        public BankHttp build() {
            return new BankHttp(this);
        }
    }

    /**
     * Starts serving on {@code host:port} (port 0 picks a free one).
     *
     * @throws IllegalStateException naming the port when it is taken
     */
    public synchronized BankHttp start(String host, int port) {
        if (app != null) {
            throw new IllegalStateException("already started on port " + port());
        }
        Javalin javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(BankJson.MAPPER, false));
            config.http.maxRequestSize = JsonBody.BYTES_MAX;
            // A known path with another method is a 405 with Allow, not a 404.
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(
                new JsonErrorPages(BankHttp::errorPage)));
        });
        routes(javalin);
        try {
            javalin.start(host, port);
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not serve HTTP on " + host + ":" + port
                + " (" + e.getMessage() + "); make sure no other process uses that port, or pass"
                + " another --http-port", e);
        }
        app = javalin;
        heartbeats.scheduleAtFixedRate(this::heartbeat, heartbeatMs, heartbeatMs,
            TimeUnit.MILLISECONDS);
        return this;
    }

    /** The port served on. */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /** How many SSE clients are connected now. */
    public int streamCount() {
        return streams.size();
    }

    /** Stops serving: open streams are closed, so their clients reconnect elsewhere. */
    @Override
    public synchronized void close() {
        heartbeats.shutdownNow();
        for (Map.Entry<SseClient, AutoCloseable> s : streams.entrySet()) {
            closeQuietly(s.getValue());
            s.getKey().close();
        }
        streams.clear();
        if (app != null) {
            app.stop();
        }
    }

    /** The body of an error Jetty answers before a route: a bad escape, headers, a length. */
    static String errorPage(int status) {
        ApiError e = switch (status) {
            case 413 -> new ApiError("BODY_TOO_LARGE", "the body is too large: send at most "
                + JsonBody.BYTES_MAX + " bytes");
            case 414 -> new ApiError("URI_TOO_LONG", "the URI is too long");
            case 431 -> new ApiError("HEADERS_TOO_LARGE", "the headers are too large");
            default -> new ApiError("BAD_REQUEST", "the request is not valid HTTP/1.1 (status "
                + status + "): check its path's percent-escapes (% and two hex digits), its"
                + " headers (no control characters) and its Content-Length");
        };
        return BankJson.write(e);
    }

    private void routes(Javalin javalin) {
        javalin.exception(HttpProblem.class, (e, ctx) -> answer(ctx, e));
        javalin.exception(MethodNotAllowedResponse.class, BankHttp::methodNotAllowed);
        javalin.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                ctx.json(new ApiError("NOT_FOUND", "no endpoint " + ctx.method() + " "
                    + ctx.path() + "; see GET /balance/{client}, GET /events/{client}"
                    + (commands != null ? ", POST /accounts|/deposits|/withdrawals|/transfers"
                        : "")
                    + (feed != null ? ", GET /stream/{client}" : "")));
            }
        });
        // Runs before Javalin decodes path parameters, which fails with a plain-text 500; it
        // skips the handlers after it, which would decode them anyway.
        javalin.before(ctx -> {
            try {
                checkPath(ctx);
            } catch (HttpProblem e) {
                answer(ctx, e);
                ctx.skipRemainingHandlers();
            }
        });
        javalin.get("/balance/{client}", ctx -> answer(ctx, reads,
            new GetBalance(ctx.pathParam("client"))));
        javalin.get("/events/{client}", ctx -> answer(ctx, reads, eventsQuery(ctx)));
        if (commands != null) {
            javalin.post("/accounts", ctx -> {
                JsonBody b = JsonBody.read(ctx, Bodies.OPEN_ACCOUNT);
                answer(ctx, commands, new OpenAccount(b.text("commandId"), b.text("client")));
            });
            javalin.post("/deposits", ctx -> {
                JsonBody b = JsonBody.read(ctx, Bodies.MOVE);
                answer(ctx, commands, new Deposit(b.text("commandId"), b.text("client"),
                    b.amount("amount")));
            });
            javalin.post("/withdrawals", ctx -> {
                JsonBody b = JsonBody.read(ctx, Bodies.MOVE);
                answer(ctx, commands, new Withdraw(b.text("commandId"), b.text("client"),
                    b.amount("amount")));
            });
            javalin.post("/transfers", ctx -> {
                JsonBody b = JsonBody.read(ctx, Bodies.TRANSFER);
                answer(ctx, commands, new Transfer(b.text("commandId"), b.text("from"),
                    b.text("to"), b.amount("amount")));
            });
        }
        if (feed != null) {
            javalin.before("/stream/{client}", this::checkStreamRequest);
            javalin.sse("/stream/{client}", this::stream);
        }
    }

    private static void answer(Context ctx, HttpProblem problem) {
        ctx.attribute(ANSWERED, true);
        ctx.status(problem.status()).json(problem.body());
    }

    /** A 405 whose Allow header lists, from Javalin's routes, the methods the path takes. */
    private static void methodNotAllowed(MethodNotAllowedResponse e, Context ctx) {
        String allowed = MethodNotAllowed.allowed(e);
        ctx.header(Header.ALLOW, allowed);
        answer(ctx, new HttpProblem(405, "METHOD_NOT_ALLOWED",
            MethodNotAllowed.message(ctx, allowed)));
    }

    /** Refuses a path whose percent-escapes do not decode to UTF-8, such as {@code /%ud800}. */
    private static void checkPath(Context ctx) {
        String path = ctx.path();
        if (!ClientText.isPercentEncodedUtf8(path)) {
            throw new HttpProblem(400, "INVALID_PATH", "path '" + ClientText.quote(path)
                + "' is not valid percent-encoded UTF-8: write each byte of a character outside"
                + " A-Z a-z 0-9 _ . - as % and two hex digits, e.g. %C3%A9 for \u00e9");
        }
    }

    private GetEvents eventsQuery(Context ctx) {
        String client = ctx.pathParam("client");
        // The first event asked for is after + 1, so after may not be the largest long.
        Long after = longParam(ctx, "after", 0, Long.MAX_VALUE - 1);
        Long from = longParam(ctx, "from", 1, Long.MAX_VALUE);
        Long to = longParam(ctx, "to", 1, Long.MAX_VALUE);
        Long limit = longParam(ctx, "limit", 1, Long.MAX_VALUE);
        int pageLimit = (int) Math.min(limit == null ? EVENT_LIMIT_DEFAULT : limit,
            Integer.MAX_VALUE);
        if (after != null && (from != null || to != null)) {
            throw new HttpProblem(400, "INVALID_PARAMETER", "use either after=" + after
                + " or from/to, not both");
        }
        if (after != null) {
            return GetEvents.after(client, after, pageLimit);
        }
        return new GetEvents(client, from == null ? 1 : from, to == null ? Long.MAX_VALUE : to,
            pageLimit);
    }

    private static Long longParam(Context ctx, String name, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return null;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Answered below with the same message as a number out of range.
        }
        throw new HttpProblem(400, "INVALID_PARAMETER", "query parameter " + name + "='" + raw
            + "' is invalid: use a whole number "
            + (max == Long.MAX_VALUE ? ">= " + min : "from " + min + " to " + max));
    }

    private void answer(Context ctx, LedgerGateway gateway, Request request) {
        Reply reply = ask(gateway, request);
        ctx.attribute(ANSWERED, true);
        if (reply instanceof Applied a) {
            ctx.status(a.replayed() ? 200 : 201);
            ctx.header("Idempotent-Replayed", Boolean.toString(a.replayed()));
            ctx.json(a);
        } else if (reply instanceof Rejected r) {
            if (r.replayed()) {
                ctx.header("Idempotent-Replayed", "true");
            }
            ctx.status(r.code().httpStatus()).json(new ApiError(r.code().name(), r.message()));
        } else if (reply instanceof Balance || reply instanceof Events) {
            ctx.json(reply);
        } else {
            throw new IllegalStateException("unexpected reply " + reply + " to " + request);
        }
    }

    private Reply ask(LedgerGateway gateway, Request request) {
        try {
            return gateway.ask(request).get(askTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HttpProblem(503, "UNAVAILABLE", "the bank did not answer within "
                + askTimeout.toMillis() + " ms; retry with the same commandId");
        } catch (ExecutionException e) {
            throw new HttpProblem(503, "UNAVAILABLE", "the bank could not answer ("
                + e.getCause().getMessage() + "); retry with the same commandId");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "UNAVAILABLE", "interrupted; retry");
        }
    }

    // ---- server-sent events ----

    private void checkStreamRequest(Context ctx) {
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            return; // Before-handlers match every method; the others get the 405 that follows.
        }
        String accept = ctx.header("Accept");
        if (accept == null || !accept.equals(EVENT_STREAM)) {
            // Javalin streams only to exactly this Accept header; anything else would get an
            // empty 200, so say what to send instead.
            throw new HttpProblem(406, "NOT_ACCEPTABLE", "GET /stream needs the header 'Accept: "
                + EVENT_STREAM + "' (EventSource sends it), not '" + accept + "'");
        }
        String client = ctx.pathParam("client");
        if (!LedgerStore.isValidClient(client)) {
            throw new HttpProblem(400, "INVALID_CLIENT", "client '" + client
                + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 _ . -");
        }
        lastEventId(ctx);
        Reply reply = ask(reads, new GetBalance(client));
        if (reply instanceof Rejected r) {
            throw new HttpProblem(r.code().httpStatus(), r.code().name(), r.message());
        }
    }

    private static long lastEventId(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(raw.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new HttpProblem(400, "INVALID_LAST_EVENT_ID", "Last-Event-ID '" + raw
            + "' is invalid: use the id (a sequence number >= 0) of the last event received");
    }

    private void stream(SseClient sse) {
        String client = sse.ctx().pathParam("client");
        long after = lastEventId(sse.ctx());
        sse.keepAlive();
        // Register before subscribing so that an event delivered during subscribe is tracked.
        streams.put(sse, () -> { });
        AutoCloseable subscription = feed.subscribe(client, after, event -> send(sse, event));
        streams.put(sse, subscription);
        sse.onClose(() -> closeQuietly(streams.remove(sse)));
        if (sse.terminated()) {
            closeQuietly(streams.remove(sse));
        }
    }

    private static void send(SseClient sse, Event event) {
        // The feed and the heartbeat thread both write; one write at a time per connection.
        synchronized (sse) {
            if (!sse.terminated()) {
                sse.sendEvent("event", BankJson.write(event), Long.toString(event.seq()));
            }
        }
    }

    private void heartbeat() {
        for (SseClient sse : streams.keySet()) {
            if (sse.terminated()) {
                closeQuietly(streams.remove(sse));
            } else {
                // A write to a dead connection fails, which terminates the client and frees it.
                synchronized (sse) {
                    sse.sendComment("heartbeat");
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing a subscription only stops deliveries; nothing to recover.
        }
    }
}
