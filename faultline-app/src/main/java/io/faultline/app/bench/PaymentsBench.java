package io.faultline.app.bench;

import io.faultline.app.TempDirs;
import io.faultline.app.UsageException;
import io.faultline.payments.Currency;
import io.faultline.payments.Payment;
import io.faultline.payments.PaymentStatus;
import io.faultline.payments.PaymentsMessage;
import io.faultline.payments.grpc.PaymentsGrpcServer;
import io.faultline.payments.grpc.proto.PaymentRequest;
import io.faultline.payments.grpc.proto.PaymentServiceGrpc;
import io.faultline.payments.grpc.proto.PaymentStatus.Status;
import io.faultline.payments.issuer.TestCards;
import io.faultline.payments.rest.PaymentsRestServer;
import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.server.PaymentsGateway;
import io.faultline.payments.server.PaymentsService;
import io.faultline.runtime.NodeStorage;
import io.faultline.runtime.store.PostgresStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.HdrHistogram.Histogram;
import io.faultline.app.PostgresOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code faultline bench payments}: durable charges over gRPC and over REST against a no-op
 * handler behind the same adapter on the same transport, in one process and one run. Closed loop
 * at a fixed number of requests in flight, then open loop at a fixed rate with latencies measured
 * from each request's intended start, so a stall cannot hide the requests it delayed (no
 * coordinated omission).
 */
@Command(name = "payments",
    description = "Payments speed: durable charges over gRPC and REST against a no-op handler "
        + "on the same transport, closed loop and open loop (HdrHistogram).",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  faultline bench payments", "  faultline bench payments "
        + "--seconds 20 --concurrency 64", "  faultline bench payments --rate 2000",
        "  faultline bench payments --transports gRPC --breakdown",
        "  faultline bench payments --transports gRPC --rate 25000 --deadline-ms 500"})
public final class PaymentsBench implements Callable<Integer> {

    static final String KEY = "sk_test_benchbenchbenchbenchbenchbench";
    /** The longest latency the histograms hold, in microseconds (60 s). */
    static final long LATENCY_US_MAX = 60_000_000L;
    /** The most open-loop requests in flight; more are counted as missed. */
    static final int OPEN_LOOP_IN_FLIGHT_MAX = 20_000;
    /** The longest warm-up of one run, in seconds, however busy the JIT still is. */
    static final int WARMUP_SECONDS_MAX = 60;
    /**
     * grpc-netty's server logs a stack trace at WARNING for every call whose client gave up
     * first; an overload run (a short --deadline-ms) gives a hundred thousand of them. Held here
     * so that the level set on it is not lost with a collected logger.
     */
    private static final Logger NETTY_SERVER_LOG =
        Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");
    /**
     * The JIT counts as quiet after {@link #JIT_QUIET_SECONDS} seconds in a row in each of which
     * it compiled for less than this many milliseconds (1% of one core). A run measured while the
     * JIT still compiles the code it runs pays for the compiler's CPU: on two cores, durable
     * charges cost 150 us of CPU each after a 13 s warm-up and 97 us after 23 s. Each run warms
     * up on its own target, as a server that runs one handler would be: a shared warm-up that
     * took turns between the no-op and the durable servers left both paths' code compiled for a
     * mix of types, and durable charges cost 165-205 us each after it.
     */
    static final long JIT_QUIET_MS_PER_SECOND = 10;
    static final int JIT_QUIET_SECONDS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "5",
        description = "measured seconds per run (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", paramLabel = "N", defaultValue = "20",
        description = "unmeasured seconds before each run at least, and on while the JIT is still "
            + "compiling, up to " + WARMUP_SECONDS_MAX + " s; 0 for none (default: "
            + "${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
        description = "requests in flight in the closed loop (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--transports", paramLabel = "LIST", defaultValue = "gRPC,REST", split = ",",
        description = "the transports to measure, of gRPC and REST (default: ${DEFAULT-VALUE})")
    List<String> transports;

    @Mixin
    PostgresOptions database;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
        description = "open-loop request rate; 0 runs it at half of each transport's durable "
            + "closed-loop throughput (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--deadline-ms", paramLabel = "MS", defaultValue = "30000",
        description = "the deadline of each gRPC call, in milliseconds; with --rate above what "
            + "the service can take, a short one shows it dropping the calls whose deadline "
            + "passed while they waited (default: ${DEFAULT-VALUE})")
    int deadlineMs;

    @Option(names = "--breakdown",
        description = "also run two baselines between the no-op and the durable runs: 'insert', "
            + "a handler that answers once one row is group-committed to the same database (what "
            + "durability alone costs), and 'memory', the same charges on the same nodes with "
            + "in-memory stores (what the node path costs without storage)")
    boolean breakdown;

    /** One request to a server: completes true when the answer was the expected success. */
    interface Target extends AutoCloseable {
        /** Sends one new charge, under an idempotency key this target has never used. */
        CompletableFuture<Boolean> call();

        @Override
        void close();
    }

    /** The figures of one measured run. */
    record Result(String transport, String handler, String mode, long ok, long errors,
                  long missed, double seconds, Histogram latencyUs, ProcessMeter used) {
        double opsPerSecond() {
            return ok / seconds;
        }

        /** The process's CPU time per successful request, in microseconds; -1 when unknown. */
        double cpuUsPerOp() {
            return used.cpuNs() < 0 || ok == 0 ? -1 : used.cpuNs() / 1_000.0 / ok;
        }

        double ms(double percentile) {
            return latencyUs.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    @Override
    public Integer call() throws Exception {
        check("--seconds", seconds, 1, 3_600);
        check("--warmup-seconds", warmupSeconds, 0, 600);
        check("--concurrency", concurrency, 1, 10_000);
        check("--rate", rate, 0, 1_000_000);
        check("--deadline-ms", deadlineMs, 1, 60_000);
        NETTY_SERVER_LOG.setLevel(Level.SEVERE);
        for (String t : transports) {
            if (!t.equals("gRPC") && !t.equals("REST")) {
                throw new UsageException("unknown transport '" + t + "' in --transports; valid: "
                    + "gRPC, REST");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("faultline-bench-payments");
        ApiKeys keys = ApiKeys.of(Map.of(KEY, "bench"));
        List<Result> results = new ArrayList<>();
        PaymentsGateway noop = noopGateway();
        PaymentsGrpcServer noopGrpc = new PaymentsGrpcServer(
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), noop, keys)
            .start();
        PaymentsRestServer noopRest = new PaymentsRestServer(noop, keys).start("127.0.0.1", 0);
        PaymentsService inMemory = breakdown ? PaymentsService.startInMemory(
            new PaymentsService.Settings("127.0.0.1", 0, 0, dir, null, "postgres", "", keys,
                1_000, 0)) : null;
        String db = database.url();
        String dbUser = database.user();
        // A namespace of its own per run, dropped at the end, so runs never see each other's data.
        String namespacePrefix = "bench-" + Long.toHexString(System.nanoTime()) + "-";
        InsertBaseline insert = !breakdown ? null : db == null ? InsertBaseline.sqlite(dir, keys)
            : InsertBaseline.postgres(db, dbUser, namespacePrefix + "insert", keys);
        PaymentsService durable = PaymentsService.start(new PaymentsService.Settings("127.0.0.1",
            0, 0, dir, db, dbUser, namespacePrefix, keys, 1_000, 0));
        out.println("faultline bench payments: closed loop at " + concurrency + " in flight, "
            + seconds + " s a run, each after a warm-up of its own (at least " + warmupSeconds
            + " s, longer while the JIT compiles); durable = " + durable.database()
            + ", group commit");
        out.println("  cpu = CPU time of the whole process (server and client) per request; "
            + "jit = compile time during the measured run");
        out.flush();
        try {
            for (String transport : transports) {
                boolean grpc = transport.equals("gRPC");
                int noopPort = grpc ? noopGrpc.port() : noopRest.port();
                int durablePort = grpc ? durable.grpcPort() : durable.httpPort();
                Result base = closedLoop(transport, "no-op", target(grpc, noopPort, "n"));
                results.add(base);
                print(out, base);
                if (insert != null) {
                    Result row = closedLoop(transport, "insert", target(grpc,
                        grpc ? insert.grpcPort() : insert.httpPort(), "i"));
                    results.add(row);
                    print(out, row);
                }
                if (inMemory != null) {
                    Result nodes = closedLoop(transport, "memory", target(grpc,
                        grpc ? inMemory.grpcPort() : inMemory.httpPort(), "m"));
                    results.add(nodes);
                    print(out, nodes);
                }
                NodeStorage.CommitStats commitsBefore = durable.commitStats();
                Result real = closedLoop(transport, "durable", target(grpc, durablePort, "d"));
                results.add(real);
                print(out, real);
                printGroupCommit(out, commitsBefore, durable.commitStats());
                int openRate = rate > 0 ? rate : (int) Math.max(1, real.opsPerSecond() / 2);
                Result baseOpen = openLoop(transport, "no-op", target(grpc, noopPort, "no"),
                    openRate);
                long droppedBefore = durable.droppedPastDeadline();
                Result realOpen = openLoop(transport, "durable", target(grpc, durablePort, "do"),
                    openRate);
                results.add(baseOpen);
                results.add(realOpen);
                print(out, baseOpen);
                print(out, realOpen);
                long dropped = durable.droppedPastDeadline() - droppedBefore;
                if (dropped > 0) {
                    out.printf(Locale.ROOT, "         dropped unhandled, their deadline past while"
                        + " they waited (run and warm-up): %,d%n", dropped);
                }
            }
        } finally {
            durable.stop(Duration.ofSeconds(5));
            if (inMemory != null) {
                inMemory.stop(Duration.ofSeconds(5));
            }
            if (insert != null) {
                insert.close();
            }
            noopGrpc.stop(Duration.ofSeconds(2));
            noopRest.stop();
            TempDirs.deleteQuietly(dir);
            if (db != null) {
                for (String node : List.of("payments", "issuer")) {
                    try (PostgresStore store = PostgresStore.open(db, dbUser,
                        namespacePrefix + node)) {
                        store.drop();
                    }
                }
            }
        }
        summary(out, results);
        return 0;
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(name + " must be in [" + min + ", " + max + "], got "
                + value);
        }
    }

    /** A handler that does nothing: answers every request with one fixed succeeded payment. */
    static PaymentsGateway noopGateway() {
        CompletableFuture<PaymentsMessage.Reply> reply = CompletableFuture.completedFuture(
            new PaymentsMessage.PaymentReply(cannedPayment(), false));
        return request -> reply;
    }

    /** The succeeded payment the baselines answer with. */
    static Payment cannedPayment() {
        return new Payment("pay_000000000000000000000000", "bench", "k", 1234, Currency.GBP,
            "4242", "00000000000000000000000000000000", 12, 2040, PaymentStatus.SUCCEEDED, "", 0,
            0);
    }

    private Target target(boolean grpc, int port, String keyPrefix) {
        String prefix = keyPrefix + "-" + Long.toHexString(System.nanoTime()) + "-";
        return grpc ? new GrpcTarget(port, prefix, deadlineMs)
            : new RestTarget(port, prefix, concurrency);
    }

    // ---- the two loops --------------------------------------------------------------------------

    private Result closedLoop(String transport, String handler, Target target)
        throws InterruptedException {
        try (target) {
            warmUp(ns -> runClosed(target, ns, null));
            Recording rec = new Recording();
            runClosed(target, TimeUnit.SECONDS.toNanos(seconds), rec);
            return rec.result(transport, handler, "closed-" + concurrency);
        }
    }

    /** Runs the load for some nanoseconds, measuring nothing. */
    @FunctionalInterface
    private interface Load {
        void run(long nanos) throws InterruptedException;
    }

    /**
     * Warms up with {@code load}: {@code --warmup-seconds} first, then a second at a time until
     * the JIT has been quiet for {@link #JIT_QUIET_SECONDS} seconds in a row, up to
     * {@link #WARMUP_SECONDS_MAX} in all. Before each of those seconds the load pauses while the
     * JIT has methods queued, so that the compiler gets the cores the load was taking: under full
     * load on two cores, the REST path's queue held some 800 methods after 20 s and still 440
     * after 60 s, and the runs measured the interpreter and the compiler as much as the server.
     */
    private void warmUp(Load load) throws InterruptedException {
        if (warmupSeconds == 0) {
            return;
        }
        long start = System.nanoTime();
        long second = TimeUnit.SECONDS.toNanos(1);
        long end = start + WARMUP_SECONDS_MAX * second;
        load.run(warmupSeconds * second);
        int quiet = 0;
        while (quiet < JIT_QUIET_SECONDS && System.nanoTime() < end) {
            awaitJitQueueEmpty(end);
            ProcessMeter before = ProcessMeter.now();
            load.run(second);
            long jitMs = ProcessMeter.now().minus(before).jitMs();
            if (jitMs < 0) {
                return; // the JVM cannot tell: nothing more to wait for
            }
            quiet = jitMs < JIT_QUIET_MS_PER_SECOND && ProcessMeter.jitBacklog() <= 0
                ? quiet + 1 : 0;
        }
    }

    /** Waits, with no load running, until the JIT has nothing queued or {@code end} passes. */
    private static void awaitJitQueueEmpty(long end) throws InterruptedException {
        while (ProcessMeter.jitBacklog() > 0 && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The latencies of the successful requests and the failure count of one measured run. */
    private static final class Recording implements Sink {
        private final Histogram latencyUs = new Histogram(LATENCY_US_MAX, 3);
        private final long startNs = System.nanoTime();
        private final ProcessMeter start = ProcessMeter.now();
        private final AtomicLong missed = new AtomicLong();
        private long ok;
        private long errors;

        @Override
        public synchronized void record(long latencyNs, boolean success) {
            if (success) {
                latencyUs.recordValue(Math.min(LATENCY_US_MAX, latencyNs / 1_000));
                ok++;
            } else {
                errors++;
            }
        }

        synchronized Result result(String transport, String handler, String mode) {
            double elapsed = (System.nanoTime() - startNs) / 1e9;
            return new Result(transport, handler, mode, ok, errors, missed.get(), elapsed,
                latencyUs.copy(), ProcessMeter.now().minus(start));
        }
    }

    /** Receives one request's latency and whether it succeeded. */
    interface Sink {
        void record(long latencyNs, boolean ok);
    }

    private void runClosed(Target target, long durationNs, Sink sink) throws InterruptedException {
        long end = System.nanoTime() + durationNs;
        Semaphore done = new Semaphore(0);
        for (int i = 0; i < concurrency; i++) {
            next(target, end, sink, done);
        }
        done.acquire(concurrency);
    }

    private void next(Target target, long end, Sink sink, Semaphore done) {
        long start = System.nanoTime();
        if (start >= end) {
            done.release();
            return;
        }
        target.call().whenComplete((ok, failure) -> {
            if (sink != null) {
                sink.record(System.nanoTime() - start, failure == null && ok);
            }
            next(target, end, sink, done);
        });
    }

    private Result openLoop(String transport, String handler, Target target, int perSecond)
        throws InterruptedException {
        try (target) {
            warmUp(ns -> runOpen(target, perSecond, ns, null, null));
            Recording rec = new Recording();
            runOpen(target, perSecond, TimeUnit.SECONDS.toNanos(seconds), rec, rec.missed);
            return rec.result(transport, handler, "open-" + perSecond + "/s");
        }
    }

    /**
     * Sends at {@code perSecond} from one thread, each request at its intended time
     * {@code t0 + i / rate}; a latency counts from the intended time, so time spent waiting
     * behind a stall is charged to the request that waited.
     */
    private void runOpen(Target target, int perSecond, long durationNs, Sink sink,
                         AtomicLong missed) throws InterruptedException {
        long intervalNs = 1_000_000_000L / perSecond;
        long t0 = System.nanoTime();
        long count = durationNs / intervalNs;
        Semaphore inFlight = new Semaphore(OPEN_LOOP_IN_FLIGHT_MAX);
        for (long i = 0; i < count; i++) {
            long intended = t0 + i * intervalNs;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                if (missed != null) {
                    missed.incrementAndGet();
                }
                continue;
            }
            target.call().whenComplete((ok, failure) -> {
                inFlight.release();
                if (sink != null) {
                    sink.record(System.nanoTime() - intended, failure == null && ok);
                }
            });
        }
        inFlight.acquire(OPEN_LOOP_IN_FLIGHT_MAX);
    }

    // ---- report ---------------------------------------------------------------------------------

    private static void print(PrintWriter out, Result r) {
        out.printf(Locale.ROOT, "  %-5s %-8s %-14s %9.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  "
                + "p99.9 %7.2f ms  cpu %5.0f us  jit %4d ms  errors %d%s%n",
            r.transport(), r.handler(), r.mode(), r.opsPerSecond(), r.ms(50), r.ms(99),
            r.ms(99.9), r.cpuUsPerOp(), r.used().jitMs(), r.errors(),
            r.missed() > 0 ? "  missed " + r.missed() : "");
        out.flush();
    }

    /** How many handler batches of both nodes shared a transaction, over a run and its warm-up. */
    private static void printGroupCommit(PrintWriter out, NodeStorage.CommitStats before,
                                         NodeStorage.CommitStats after) {
        long tx = after.transactions() - before.transactions();
        long batches = after.batches() - before.batches();
        if (tx > 0) {
            out.printf(Locale.ROOT, "         group commit (run and warm-up): %,d batches of both"
                + " nodes in %,d transactions (%.1f each)%n", batches, tx, (double) batches / tx);
        }
    }

    private void summary(PrintWriter out, List<Result> results) {
        out.println();
        for (String transport : transports) {
            Result base = find(results, transport, "no-op", "closed");
            Result real = find(results, transport, "durable", "closed");
            double ratio = real.opsPerSecond() / base.opsPerSecond();
            out.printf(Locale.ROOT, "%s: durable/no-op throughput %.2f (target >= 0.50: %s); "
                    + "durable p99 at %d in flight %.2f ms (target < 20 ms: %s)%n", transport,
                ratio, ratio >= 0.5 ? "met" : "missed", concurrency, real.ms(99),
                real.ms(99) < 20 ? "met" : "missed");
            if (real.cpuUsPerOp() > 0 && base.cpuUsPerOp() > 0) {
                out.printf(Locale.ROOT, "%s: CPU per request %.0f us durable, %.0f us no-op "
                        + "(%.2fx)%n", transport, real.cpuUsPerOp(), base.cpuUsPerOp(),
                    real.cpuUsPerOp() / base.cpuUsPerOp());
            }
            if (breakdown) {
                Result row = find(results, transport, "insert", "closed");
                double rowRatio = real.opsPerSecond() / row.opsPerSecond();
                out.printf(Locale.ROOT, "%s: durable/insert throughput %.2f; CPU per request "
                        + "%.0f us insert (one group-committed row), %.0f us durable (%.2fx)%n",
                    transport, rowRatio, row.cpuUsPerOp(), real.cpuUsPerOp(),
                    real.cpuUsPerOp() / row.cpuUsPerOp());
                Result nodes = find(results, transport, "memory", "closed");
                out.printf(Locale.ROOT, "%s: memory (not durable)/no-op throughput %.2f; CPU "
                        + "per request %.0f us: of the durable charge's extra %.0f us over no-op, "
                        + "%.0f us is the node path and %.0f us the storage%n", transport,
                    nodes.opsPerSecond() / base.opsPerSecond(), nodes.cpuUsPerOp(),
                    real.cpuUsPerOp() - base.cpuUsPerOp(),
                    nodes.cpuUsPerOp() - base.cpuUsPerOp(),
                    real.cpuUsPerOp() - nodes.cpuUsPerOp());
            }
        }
        out.flush();
    }

    private static Result find(List<Result> results, String transport, String handler,
                               String modePrefix) {
        return results.stream().filter(r -> r.transport().equals(transport)
                && r.handler().equals(handler) && r.mode().startsWith(modePrefix))
            .findFirst().orElseThrow();
    }

    // ---- the two clients ------------------------------------------------------------------------

    static PaymentRequest grpcRequest(String key) {
        return PaymentRequest.newBuilder()
            .setCard(PaymentRequest.Card.newBuilder().setCardNumber(TestCards.SUCCEEDS)
                .setExpiryMonth(12).setExpiryYear(2040).setCvc("123"))
            .setAmount(1234).setCurrency(PaymentRequest.Currency.GBP).setIdempotencyKey(key)
            .build();
    }

    /** gRPC over one Netty channel (HTTP/2 multiplexes the requests in flight). */
    static final class GrpcTarget implements Target {
        private final int deadlineMs;
        private final ManagedChannel channel;
        private final PaymentServiceGrpc.PaymentServiceStub stub;
        private final String prefix;
        /**
         * The next key's number. It runs on across the warm-up and the measured run: a key used
         * twice would be a retry, answered from the stored outcome without a charge.
         */
        private final AtomicLong keys = new AtomicLong();

        GrpcTarget(int port, String prefix, int deadlineMs) {
            this.prefix = prefix;
            this.deadlineMs = deadlineMs;
            // The callbacks only record a latency and start the next call: they run on the
            // transport's threads, so the client's cost stays that of gRPC itself.
            this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .directExecutor().build();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + KEY);
            this.stub = PaymentServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }

        @Override
        public CompletableFuture<Boolean> call() {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).processPayment(
                grpcRequest(prefix + keys.getAndIncrement()), new StreamObserver<>() {
                    @Override
                    public void onNext(io.faultline.payments.grpc.proto.PaymentStatus s) {
                        // A replayed outcome charged nothing: not what is being measured.
                        f.complete(s.getStatus() == Status.SUCCEEDED && !s.getReplayed());
                    }

                    @Override
                    public void onError(Throwable t) {
                        f.complete(false);
                    }

                    @Override
                    public void onCompleted() {
                        f.complete(false);
                    }
                });
            return f;
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }

    /**
     * REST over plain HTTP/1.1 keep-alive sockets, one per worker thread, so the client is not the
     * bottleneck that it is with the JDK's HTTP client (a baseline the client caps would hide
     * the server's cost).
     */
    static final class RestTarget implements Target {
        private final ExecutorService workers;
        private final ThreadLocal<HttpConnection> connection;
        private final List<HttpConnection> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final String prefix;
        /**
         * The next key's number. It runs on across the warm-up and the measured run: a key used
         * twice would be a retry, answered from the stored outcome without a charge.
         */
        private final AtomicLong keys = new AtomicLong();
        private final int port;

        RestTarget(int port, String prefix, int threads) {
            this.port = port;
            this.prefix = prefix;
            this.workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "bench-rest-client");
                t.setDaemon(true);
                return t;
            });
            this.connection = ThreadLocal.withInitial(() -> {
                HttpConnection c = new HttpConnection(port);
                all.add(c);
                return c;
            });
        }

        @Override
        public CompletableFuture<Boolean> call() {
            String key = prefix + keys.getAndIncrement();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.get().charge(key);
                } catch (IOException e) {
                    connection.get().reset();
                    return false;
                }
            }, workers);
        }

        @Override
        public void close() {
            workers.shutdownNow();
            all.forEach(HttpConnection::reset);
        }
    }

    /** One keep-alive HTTP/1.1 connection that posts charges and reads the answers. */
    static final class HttpConnection {
        private static final byte[] BODY = ("{\"amount\": 12.34, \"currency\": \"GBP\", \"card\": "
            + "{\"card_number\": \"" + TestCards.SUCCEEDS + "\", \"expiry_month\": 12, "
            + "\"expiry_year\": 2040, \"cvc\": \"123\"}}").getBytes(StandardCharsets.US_ASCII);
        private final int port;
        private Socket socket;
        private java.io.BufferedInputStream in;
        private java.io.OutputStream out;

        HttpConnection(int port) {
            this.port = port;
        }

        boolean charge(String idempotencyKey) throws IOException {
            if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                in = new java.io.BufferedInputStream(socket.getInputStream());
                out = new java.io.BufferedOutputStream(socket.getOutputStream());
            }
            String head = "POST /payments HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer " + KEY + "\r\nIdempotency-Key: " + idempotencyKey
                + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length
                + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(BODY);
            out.flush();
            String status = line();
            long length = -1;
            boolean chunked = false;
            boolean replayed = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                replayed |= lower.startsWith("idempotent-replayed:");
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String body = chunked ? chunkedBody() : new String(in.readNBytes((int) length),
                StandardCharsets.UTF_8);
            // A replayed outcome charged nothing: not what is being measured.
            return status.startsWith("HTTP/1.1 201") && body.contains("\"succeeded\"")
                && !replayed;
        }

        private String chunkedBody() throws IOException {
            StringBuilder body = new StringBuilder();
            for (int size = Integer.parseInt(line().trim(), 16); size > 0;
                 size = Integer.parseInt(line().trim(), 16)) {
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                line();
            }
            line();
            return body.toString();
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        void reset() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException e) {
                // Closing a broken connection; the next request opens a new one.
            }
            socket = null;
        }
    }
}
