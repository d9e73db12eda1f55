package io.faultline.bank.server;

import io.faultline.bank.Ledger;
import io.faultline.bank.LedgerConfig;
import io.faultline.bank.LedgerStore;
import io.faultline.bank.ReadModel;
import io.faultline.bank.app.LedgerGateway;
import io.faultline.bank.app.NodeHostGateway;
import io.faultline.bank.app.StoreReadGateway;
import io.faultline.bank.http.BankHttp;
import io.faultline.bank.kafka.EmbeddedKafka;
import io.faultline.bank.kafka.FillingPart;
import io.faultline.bank.kafka.NotificationFeed;
import io.faultline.bank.kafka.OutboxRelay;
import io.faultline.runtime.HostClock;
import io.faultline.runtime.NodeHost;
import io.faultline.runtime.NodeStorage;
import io.faultline.runtime.store.JdbcStore;
import io.faultline.runtime.store.PostgresStore;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Starts the bank's parts for real, as one role of the broker design or as the polling design,
 * and stops them in reverse order.
 *
 * <ul>
 *   <li>{@code ledger}: the ledger node on the runtime's {@link NodeHost} (its own event loop,
 *       group commit to its own database, replies only after the commit), its HTTP API
 *       (commands, and reads straight from the ledger's committed data) and the outbox relay;
 *       starts an embedded Kafka when no address is given;</li>
 *   <li>{@code filling}: filling-part instances (one consumer group) and the read model's
 *       database;</li>
 *   <li>{@code response}: response replicas, each with its own notification feed, answering
 *       from the read model and pushing with SSE;</li>
 *   <li>{@code all}: every role in this process.</li>
 * </ul>
 * The polling design is the ledger and {@code replicas} HTTP servers over it, with no broker.
 *
 * <pre>{@code
 * try (BankServer bank = BankServer.start(BankServer.Options.defaults(Path.of("data/bank")))) {
 *     bank.describe().forEach(System.out::println);
 * }
 * }</pre>
 * Thread-safe for its accessors; start and close once.
 */
public final class BankServer implements AutoCloseable {

    /** The ledger node's address. */
    static final Address LEDGER = Address.of("ledger");
    /** The most requests that may wait for the ledger; more are refused at once (503). */
    static final int LEDGER_INBOX_MAX = 100_000;
    /** How long a request waits for the ledger's reply at most. */
    static final Duration LEDGER_ASK_TIMEOUT = Duration.ofSeconds(30);
    /** How long after a failure (say, a refused commit) the ledger is restarted from its store. */
    static final Duration LEDGER_RESTART_DELAY = Duration.ofSeconds(1);

    /** Which parts this process runs. */
    public enum Role {
        ALL, LEDGER, FILLING, RESPONSE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The role named {@code name}, or an error listing the valid names. */
        public static Role parse(String name) {
            for (Role r : values()) {
                if (r.cliName().equals(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown role '" + name
                + "'; valid: all, ledger, filling, response");
        }
    }

    /** The course's two designs. */
    public enum Design {
        BROKER, POLLING;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The design named {@code name}, or an error listing the valid names. */
        public static Design parse(String name) {
            for (Design d : values()) {
                if (d.cliName().equals(name)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown design '" + name
                + "'; valid: broker, polling");
        }
    }

    /**
     * Settings of a bank process.
     *
     * @param kafka {@code host:port} of an existing cluster, or null for an embedded broker
     * @param dataDir where SQLite files and the embedded broker's data go
     * @param db a PostgreSQL JDBC URL, or null for SQLite files under {@code dataDir}
     * @param dbUser the PostgreSQL user (trust authentication)
     * @param dbNamespace the prefix of this bank's namespaces in PostgreSQL
     *     ({@code PREFIX-ledger}, {@code PREFIX-readmodel})
     * @param httpPort the first HTTP port; the next ones follow it (0: free ports)
     * @param partitions partitions of the events and notifications topics
     * @param fillingInstances filling-part instances in this process
     * @param replicas response replicas (broker) or polling servers (polling) in this process
     * @param sessionTimeoutMs the filling group's session timeout: how long a dead member holds
     *     its partitions
     */
    public record Options(Role role, Design design, String kafka, Path dataDir, String db,
                          String dbUser, String dbNamespace, String host, int httpPort,
                          int partitions,
                          int fillingInstances, int replicas, int sessionTimeoutMs) {
        public Options {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(design, "design");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(dbNamespace, "dbNamespace");
            range("httpPort", httpPort, 0, 65_535);
            range("partitions", partitions, 1, 1_000);
            range("filling", fillingInstances, 1, 16);
            range("replicas", replicas, 1, 16);
            range("sessionTimeoutMs", sessionTimeoutMs, 1_000, 300_000);
            if (httpPort != 0 && httpPort + replicas > 65_535) {
                throw new IllegalArgumentException("httpPort " + httpPort + " leaves no room for "
                    + replicas + " more ports below 65536");
            }
            if (design == Design.POLLING && role != Role.ALL) {
                throw new IllegalArgumentException("the polling design has no roles: use role all,"
                    + " not " + role.cliName());
            }
            if (kafka == null && (role == Role.FILLING || role == Role.RESPONSE)) {
                throw new IllegalArgumentException("role " + role.cliName() + " needs the address"
                    + " of the Kafka that the ledger role uses: pass --kafka host:port");
            }
        }

        /** Every role in one process, broker design, SQLite and embedded Kafka, port 8090. */
        public static Options defaults(Path dataDir) {
            return new Options(Role.ALL, Design.BROKER, null, dataDir, null, "postgres", "bank",
                "127.0.0.1", 8090, 8, 2, 2, 3_000);
        }

        private static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max
                    + "], was " + value);
            }
        }

        boolean runs(Role r) {
            return role == Role.ALL || role == r;
        }
    }

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    /** Sorted for describe(); concurrent, since a restart of the ledger reopens its store. */
    private final Map<String, String> addresses = new ConcurrentSkipListMap<>();
    private EmbeddedKafka embeddedKafka;
    private String bootstrap;
    private HostClock ledgerClock;
    private NodeHost ledgerHost;
    private LedgerGateway ledger;
    private ReadModel readModel;
    private BankHttp ledgerHttp;
    private final List<FillingPart> fillings = new ArrayList<>();
    private final List<BankHttp> replicas = new ArrayList<>();
    private final List<NotificationFeed> feeds = new ArrayList<>();

    private BankServer(Options options) {
        this.options = options;
    }

    /** Starts every part of {@code options.role()}; on failure stops what had started. */
    public static BankServer start(Options options) {
        BankServer s = new BankServer(options);
        try {
            s.startParts();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startParts() {
        LedgerConfig config = LedgerConfig.defaults();
        boolean broker = options.design() == Design.BROKER;
        if (broker) {
            startKafka();
        }
        int port = options.httpPort();
        if (options.runs(Role.LEDGER)) {
            startLedger(config);
            int servers = broker ? 1 : options.replicas();
            for (int i = 0; i < servers; i++) {
                // Reads go straight to the ledger's database, as the course's polling server
                // does; only commands queue for the ledger's loop.
                BankHttp http = track(BankHttp.builder().commands(ledger)
                    .reads(new StoreReadGateway(new LedgerStore(ledgerHost.committedStore()),
                        config.eventPageMax()))
                    .eventPageMax(config.eventPageMax()).build()
                    .start(options.host(), nextPort(port, i)));
                if (i == 0) {
                    ledgerHttp = http;
                }
                replicasIfPolling(http, broker);
                addresses.put(broker ? "ledger http" : "polling server " + (i + 1),
                    "http://" + options.host() + ":" + http.port());
            }
            if (broker) {
                OutboxRelay relay = track(new OutboxRelay(ledger, bootstrap,
                    OutboxRelay.EVENTS_TOPIC, 500));
                relay.start();
            }
            port = port == 0 ? 0 : port + servers;
        }
        if (!broker) {
            return;
        }
        if (options.runs(Role.FILLING) || options.runs(Role.RESPONSE)) {
            readModel = new ReadModel(track(openStore("readmodel")));
        }
        if (options.runs(Role.FILLING)) {
            FillingPart.Options fo = FillingPart.Options.defaults()
                .withSessionTimeoutMs(options.sessionTimeoutMs());
            for (int i = 1; i <= options.fillingInstances(); i++) {
                fillings.add(track(new FillingPart("filling-" + i, bootstrap, readModel, fo))
                    .start());
            }
            addresses.put("filling parts", options.fillingInstances() + " in group "
                + fo.groupId());
        }
        if (options.runs(Role.RESPONSE)) {
            for (int i = 0; i < options.replicas(); i++) {
                startReplica(config, nextPort(port, i), i + 1);
            }
        }
    }

    /**
     * Starts the ledger node on a {@link NodeHost}. Each life of the node opens its store anew
     * (the same file or namespace), as a restarted process would; the clock is kept so that an
     * event's time can be turned back into {@link System#nanoTime()} ({@link #ledgerClock()}).
     */
    private void startLedger(LedgerConfig config) {
        ledgerClock = HostClock.startingNow();
        ledgerHost = track(NodeHost.builder(LEDGER, () -> new Ledger(config))
            .storage(() -> NodeStorage.groupCommitted(openStore("ledger")))
            .clock(ledgerClock)
            .inboxMax(LEDGER_INBOX_MAX)
            .restartAfterFailure(LEDGER_RESTART_DELAY)
            .build());
        ledgerHost.start();
        ledger = new NodeHostGateway(ledgerHost, LEDGER_ASK_TIMEOUT);
    }

    private void replicasIfPolling(BankHttp http, boolean broker) {
        if (!broker) {
            replicas.add(http);
        }
    }

    private void startReplica(LedgerConfig config, int port, int number) {
        NotificationFeed feed = track(new NotificationFeed(bootstrap,
            NotificationFeed.NOTIFICATIONS_TOPIC, readModel, 500)).start();
        feeds.add(feed);
        BankHttp http = track(BankHttp.builder()
            .reads(new StoreReadGateway(readModel.view(), config.eventPageMax())).feed(feed)
            .eventPageMax(config.eventPageMax()).build().start(options.host(), port));
        replicas.add(http);
        addresses.put("response replica " + number, "http://" + options.host() + ":"
            + http.port());
    }

    private static int nextPort(int first, int offset) {
        return first == 0 ? 0 : first + offset;
    }

    private void startKafka() {
        if (options.kafka() != null) {
            bootstrap = options.kafka();
            addresses.put("kafka", bootstrap + " (existing)");
        } else {
            // Whoever closes this server on exit gets time to stop the clients first.
            embeddedKafka = track(EmbeddedKafka.start(options.dataDir().resolve("kafka"))
                .exitGraceMs(30_000));
            bootstrap = embeddedKafka.bootstrapServers();
            addresses.put("kafka", bootstrap + " (embedded, data in "
                + embeddedKafka.dataDir() + ")");
        }
        EmbeddedKafka.createTopics(bootstrap, Map.of(
            OutboxRelay.EVENTS_TOPIC, options.partitions(),
            NotificationFeed.NOTIFICATIONS_TOPIC, options.partitions()));
    }

    /**
     * Opens the store called {@code name}: {@code NAME.db} under the data directory, or the
     * namespace {@code PREFIX-NAME} in PostgreSQL. The caller closes it.
     */
    private JdbcStore openStore(String name) {
        Path file = options.dataDir().resolve(name + ".db").toAbsolutePath();
        String namespace = options.dbNamespace() + "-" + name;
        // The same line each time: the ledger's store is opened again by every life of its node.
        addresses.put(name + " store", options.db() == null ? file.toString()
            : options.db() + " namespace " + namespace);
        return options.db() == null ? SqliteStore.open(file)
            : PostgresStore.open(options.db(), options.dbUser(), namespace);
    }

    private <T extends AutoCloseable> T track(T part) {
        started.add(part);
        return part;
    }

    /** One line per part: what runs where. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        addresses.forEach((k, v) -> lines.add(String.format("%-20s %s", k, v)));
        return lines;
    }

    /** The Kafka bootstrap address, when the design has a broker. */
    public Optional<String> kafka() {
        return Optional.ofNullable(bootstrap);
    }

    /** The ledger, when this process runs it: requests answered after their commit. */
    public Optional<LedgerGateway> ledger() {
        return Optional.ofNullable(ledger);
    }

    /** The host of the ledger node, when this process runs the ledger. */
    public Optional<NodeHost> ledgerHost() {
        return Optional.ofNullable(ledgerHost);
    }

    /**
     * The ledger's committed data, read-only, when this process runs the ledger: what the polling
     * reads see. It follows the node across restarts (each life opens its store anew).
     */
    public Optional<DurableStore> ledgerStore() {
        return Optional.ofNullable(ledgerHost).map(NodeHost::committedStore);
    }

    /**
     * The ledger node's clock, when this process runs the ledger: an event's
     * {@link io.faultline.bank.Event#timeMs()} comes from it, and
     * {@link HostClock#nanoTimeOf(long)} turns that into this JVM's {@link System#nanoTime()}.
     */
    public Optional<HostClock> ledgerClock() {
        return Optional.ofNullable(ledgerClock);
    }

    /** The read model, when this process runs the filling or response role. */
    public Optional<ReadModel> readModel() {
        return Optional.ofNullable(readModel);
    }

    /** The ledger's HTTP server (commands and polling reads), when this process runs it. */
    public Optional<BankHttp> ledgerHttp() {
        return Optional.ofNullable(ledgerHttp);
    }

    /** Response replicas (broker design) or polling servers (polling design). */
    public List<BankHttp> replicas() {
        return List.copyOf(replicas);
    }

    /** The filling-part instances of this process. */
    public List<FillingPart> fillings() {
        return List.copyOf(fillings);
    }

    /**
     * Stops replica {@code index} as a crash would look to its clients: its connections close and
     * its port stops answering. Its notification feed stops too.
     */
    public void killReplica(int index) {
        replicas.get(index).close();
        if (index < feeds.size()) {
            feeds.get(index).close();
        }
    }

    /** Stops everything, newest part first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // Keep stopping the rest; one part failing to stop must not leave others running.
            }
        }
        started.clear();
    }
}
