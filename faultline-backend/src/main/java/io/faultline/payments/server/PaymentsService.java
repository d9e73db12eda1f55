package io.faultline.payments.server;

import io.faultline.payments.PaymentsConfig;
import io.faultline.payments.PaymentsNode;
import io.faultline.payments.grpc.PaymentsGrpcServer;
import io.faultline.payments.issuer.IssuerNode;
import io.faultline.payments.rest.PaymentsRestServer;
import io.faultline.runtime.HostClock;
import io.faultline.runtime.NodeHost;
import io.faultline.runtime.NodeStorage;
import io.faultline.runtime.Outbound;
import io.faultline.runtime.store.GroupCommitter;
import io.faultline.runtime.store.NamespacedBatch;
import io.faultline.runtime.store.SharedDatabase;
import io.faultline.sim.Address;
import io.faultline.sim.MemoryStore;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The payments service for real: the payments node and the simulated issuer, each on a
 * {@link NodeHost}, served over gRPC and REST. Both keep their state in one database (a SQLite
 * file by default, PostgreSQL on request), each in a namespace of its own, and one group
 * committer writes for both: a transaction carries the batches of both nodes, so a charge's three
 * commits share their fsyncs with the other charges in flight.
 *
 * <pre>{@code
 * PaymentsService service = PaymentsService.start(new PaymentsService.Settings(
 *     "127.0.0.1", 50051, 8081, Path.of(".faultline/payments"), null, "postgres", "",
 *     ApiKeys.of(Map.of(key, "dev")), 3_000, 0));
 * ...
 * service.stop(Duration.ofSeconds(10)); // health NOT_SERVING first, in-flight requests finish
 * }</pre>
 *
 * Thread-safe.
 */
public final class PaymentsService implements AutoCloseable {

    /** How long a request waits for the payments node at most. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long after a failure (a commit the database refused, a handler that threw) a node is
     * restarted from its store.
     */
    static final Duration RESTART_DELAY = Duration.ofSeconds(1);
    /**
     * The most requests the payments node works on at once; more are refused at once (503,
     * {@code UNAVAILABLE}). Unbounded, an open loop at twice the service's capacity left no
     * charge finishing within its 500 ms deadline; with this limit, charges succeeded at about
     * the capacity. 1,024 is four times the concurrency at which the node runs at full speed.
     */
    static final int REQUESTS_IN_PROGRESS_MAX = 1_024;
    static final Address PAYMENTS = Address.of("payments");
    static final Address ISSUER = Address.of("issuer");

    /**
     * What to start.
     *
     * @param host the interface both servers listen on, such as 127.0.0.1
     * @param grpcPort the gRPC port; 0 picks a free one
     * @param httpPort the REST port; 0 picks a free one
     * @param dataDir where the SQLite file and the fingerprint key live
     * @param postgresUrl a {@code jdbc:postgresql:} URL to use PostgreSQL, or null for SQLite
     * @param postgresUser the PostgreSQL user (trust authentication)
     * @param namespacePrefix put before the SQLite file's name ({@code payments.db}) and the
     *     PostgreSQL namespaces ({@code payments}, {@code issuer}); empty normally, unique in
     *     tests
     * @param apiKeys the API keys accepted
     * @param slowCardDelayMs how long the issuer's slow test card takes
     * @param idempotencyRetentionHours how long idempotency keys are kept, at least 24; 0 keeps
     *     them forever
     */
    public record Settings(String host, int grpcPort, int httpPort, Path dataDir,
                           String postgresUrl, String postgresUser, String namespacePrefix,
                           ApiKeys apiKeys, long slowCardDelayMs,
                           long idempotencyRetentionHours) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(namespacePrefix, "namespacePrefix");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(apiKeys, "apiKeys");
            checkPort("grpcPort", grpcPort);
            checkPort("httpPort", httpPort);
            if (idempotencyRetentionHours != 0 && (idempotencyRetentionHours < 24
                || idempotencyRetentionHours > 24L * 365 * 100)) {
                throw new IllegalArgumentException("idempotencyRetentionHours must be 0 (forever)"
                    + " or in [24, 876000], got " + idempotencyRetentionHours);
            }
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be in [0, 65535], got " + port);
            }
        }
    }

    private final NodeHost payments;
    private final NodeHost issuer;
    private final ExecutorService responses;
    /** The database of both nodes; null when they keep their data in memory. */
    private final SharedDatabase db;
    /** Closes the committer and the database. */
    private final Runnable closeDatabase;
    private final PaymentsGrpcServer grpc;
    private final PaymentsRestServer rest;
    private final String database;

    private PaymentsService(NodeHost payments, NodeHost issuer, ExecutorService responses,
                            SharedDatabase db, Runnable closeDatabase, PaymentsGrpcServer grpc,
                            PaymentsRestServer rest, String database) {
        this.payments = payments;
        this.issuer = issuer;
        this.responses = responses;
        this.db = db;
        this.closeDatabase = closeDatabase;
        this.grpc = grpc;
        this.rest = rest;
        this.database = database;
    }

    /** Opens the stores, starts both nodes and both servers; on failure undoes what it did. */
    public static PaymentsService start(Settings s) throws IOException {
        return start(s, true);
    }

    /**
     * Like {@link #start}, but both nodes keep their data in memory, each write applied at once:
     * <em>not durable</em>, everything is gone when the process ends. It exists to measure what
     * the node path costs without storage ({@code faultline bench payments --breakdown}); the
     * PostgreSQL settings are ignored.
     */
    public static PaymentsService startInMemory(Settings s) throws IOException {
        return start(s, false);
    }

    private static PaymentsService start(Settings s, boolean durable) throws IOException {
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            return start(s, durable, undo);
        } catch (IOException | RuntimeException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
    }

    private static PaymentsService start(Settings s, boolean durable, Deque<Runnable> undo)
        throws IOException {
        if (durable && s.postgresUrl() == null) {
            refuseTwoFileLayout(s.dataDir(), s.namespacePrefix()); // before anything is written
        }
        PaymentsConfig.Builder builder = PaymentsConfig.custom()
            .fingerprintKey(fingerprintKey(s.dataDir()))
            // The node's clock counts from the host clock's start; this pins it to the calendar.
            .clockOriginMs(System.currentTimeMillis());
        if (s.idempotencyRetentionHours() > 0) {
            builder.idempotencyRetentionMs(s.idempotencyRetentionHours() * 3_600_000L);
        }
        PaymentsConfig config = builder.build();
        HostClock clock = HostClock.startingNow();
        // Payment ids come from the node's stream: a fresh seed per process keeps them unguessable.
        long seed = new SecureRandom().nextLong();
        Map<Address, NodeHost> hosts = new ConcurrentHashMap<>();
        Outbound local = (from, to, message) -> {
            NodeHost target = hosts.get(to);
            if (target != null) {
                target.deliver(from, message);
            }
        };
        List<Address> nodes = List.of(ISSUER, PAYMENTS);
        Function<String, Supplier<NodeStorage>> storage;
        SharedDatabase db = null;
        Runnable closeDatabase;
        if (!durable) {
            closeDatabase = () -> { };
            // One store per node, kept across the node's lives as a disk would be.
            Map<String, MemoryStore> stores = new ConcurrentHashMap<>();
            storage = name -> () -> NodeStorage.immediate(
                stores.computeIfAbsent(name, n -> new MemoryStore()));
        } else {
            boolean postgres = s.postgresUrl() != null;
            SharedDatabase opened = postgres
                ? SharedDatabase.postgres(s.postgresUrl(), s.postgresUser())
                : SharedDatabase.sqlite(s.dataDir().resolve(s.namespacePrefix() + "payments.db"));
            db = opened;
            // One committer for both nodes: a charge's writes and the issuer's share transactions.
            GroupCommitter<NamespacedBatch> committer =
                GroupCommitter.create(opened.toString(), opened::writeAll, 4096, 512);
            closeDatabase = () -> {
                committer.close();
                opened.close();
            };
            undo.push(closeDatabase);
            // The SQLite file is the service's own; PostgreSQL's table may hold other runs too.
            String prefix = postgres ? s.namespacePrefix() : "";
            storage = name -> () -> NodeStorage.groupCommittedAcross(
                opened.store(prefix + name), committer);
        }
        NodeHost issuerHost = NodeHost.builder(ISSUER, () -> new IssuerNode(s.slowCardDelayMs()))
            .nodes(nodes).clock(clock).seed(seed).outbound(local)
            .storage(storage.apply("issuer")).restartAfterFailure(RESTART_DELAY).build();
        NodeHost paymentsHost = NodeHost.builder(PAYMENTS, () -> new PaymentsNode(config))
            .nodes(nodes).clock(clock).seed(seed).outbound(local)
            .storage(storage.apply("payments")).restartAfterFailure(RESTART_DELAY)
            .asksMax(REQUESTS_IN_PROGRESS_MAX).build();
        hosts.put(ISSUER, issuerHost);
        hosts.put(PAYMENTS, paymentsHost);
        issuerHost.start();
        undo.push(issuerHost::close);
        paymentsHost.start();
        undo.push(paymentsHost::close);
        ExecutorService responses = responseExecutor();
        undo.push(responses::shutdownNow);
        PaymentsGateway gateway = new NodeHostGateway(paymentsHost, ASK_TIMEOUT, responses);
        // A gRPC answer is queued for Netty's event loop, never written in place, so it can be
        // sent from the node's loop: one thread hand-off fewer per request than for REST.
        PaymentsGateway direct = new NodeHostGateway(paymentsHost, ASK_TIMEOUT, Runnable::run);
        PaymentsGrpcServer grpc;
        try {
            grpc = new PaymentsGrpcServer(
                NettyServerBuilder.forAddress(new InetSocketAddress(s.host(), s.grpcPort())),
                direct, s.apiKeys()).start();
        } catch (IOException e) {
            throw new IOException("cannot listen for gRPC on " + s.host() + ":" + s.grpcPort()
                + " (" + e.getMessage() + "). Make sure no other process is using it, or pass "
                + "--grpc-port.", e);
        }
        undo.push(() -> closeQuietly(grpc));
        PaymentsRestServer rest = new PaymentsRestServer(gateway, s.apiKeys())
            .start(s.host(), s.httpPort());
        String p = s.namespacePrefix();
        String database = !durable ? "memory (not durable)" : s.postgresUrl() != null
            ? "PostgreSQL " + s.postgresUrl() + " (namespaces " + p + "payments, " + p + "issuer)"
            : "SQLite " + s.dataDir().resolve(p + "payments.db").toAbsolutePath()
                + " (namespaces payments, issuer)";
        return new PaymentsService(paymentsHost, issuerHost, responses, db, closeDatabase, grpc,
            rest, database);
    }

    /**
     * Refuses a data directory from before both nodes shared {@code payments.db}: its issuer's
     * records are in {@code issuer.db} and its payments in the file's unnamed namespace, where
     * this version would not look. Starting over it would lose them without a word.
     */
    private static void refuseTwoFileLayout(Path dataDir, String prefix) throws IOException {
        Path old = dataDir.resolve(prefix + "issuer.db");
        if (Files.exists(old)) {
            throw new IOException(dataDir.toAbsolutePath() + " holds " + old.getFileName()
                + ", written by an earlier faultline that kept the payments and the issuer in two"
                + " files; this one keeps both in " + prefix + "payments.db. Pass another"
                + " --data-dir, or move this directory away.");
        }
    }

    /** The threads that write replies out, one per core (at least two), daemons. */
    private static ExecutorService responseExecutor() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "payments-responses-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The card fingerprint key, kept in {@code fingerprint.key} beside the data (readable by its
     * owner only) and made on first start. It must outlive restarts: a new key would make the
     * fingerprints of retried requests differ from the stored ones.
     */
    static byte[] fingerprintKey(Path dataDir) throws IOException {
        Path file = dataDir.resolve("fingerprint.key");
        if (Files.exists(file)) {
            return HexFormat.of().parseHex(Files.readString(file).trim());
        }
        Files.createDirectories(dataDir);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path tmp = dataDir.resolve("fingerprint.key.tmp");
        Files.writeString(tmp, HexFormat.of().formatHex(key));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions have to do.
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    public int grpcPort() {
        return grpc.port();
    }

    public int httpPort() {
        return rest.port();
    }

    /**
     * The commits so far, of both nodes together: how many transactions, carrying how many
     * handler batches. None when the nodes keep their data in memory.
     */
    public NodeStorage.CommitStats commitStats() {
        return db == null ? NodeStorage.CommitStats.NONE
            : new NodeStorage.CommitStats(db.transactionCount(), db.batchCount());
    }

    /**
     * How many requests the payments node dropped unhandled so far because their deadline (or
     * the server's own limit) passed while they waited for it: load shed, not charges lost.
     */
    public long droppedPastDeadline() {
        return payments.stats().abandoned();
    }

    /** Which database holds the data, for the start-up banner. */
    public String database() {
        return database;
    }

    /**
     * Stops cleanly: gRPC health turns NOT_SERVING and both APIs refuse new requests at once;
     * in-flight requests get up to {@code grace} to finish; then the nodes stop.
     */
    public void stop(Duration grace) throws InterruptedException {
        grpc.drain();
        rest.drain();
        grpc.stop(grace);
        rest.stop();
        payments.close();
        issuer.close();
        responses.shutdown();
        closeDatabase.run();
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(PaymentsGrpcServer server) {
        try {
            server.stop(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Already failing to start; the first error is the one to report.
        }
    }
}
