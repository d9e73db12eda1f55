package io.faultline.runtime;

import io.faultline.runtime.store.GroupCommitter;
import io.faultline.runtime.store.NamespacedBatch;
import io.faultline.runtime.store.SharedDatabase;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.runtime.transport.GrpcTransport;
import io.faultline.runtime.transport.MessageCodec;
import io.faultline.runtime.transport.PeerTable;
import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A set of nodes running for real in this JVM: one {@link NodeHost} per node, each with its own
 * gRPC server on a free loopback port and its own durable store (one SQLite file per node under a
 * directory by default, or one PostgreSQL namespace per node), sharing one clock and one history.
 * A driver crashes and restarts nodes while clients talk to them.
 *
 * <pre>{@code
 * try (RealCluster cluster = RealCluster.builder(Path.of("run"))
 *         .messages(List.of(RetryMessage.class))
 *         .node(Address.of("client"), RetryClient::new)
 *         .node(Address.of("server"), RetryServer::new)
 *         .seed(42)
 *         .start()) {
 *     cluster.crash(Address.of("server"));
 *     cluster.restart(Address.of("server"));
 *     List<Op> ops = cluster.history().ops();
 * }
 * }</pre>
 *
 * <p>Threading: every method may be called from any thread. Costs per node: one event-loop
 * thread, one commit thread, one gRPC server (Netty) and two database connections.
 */
public final class RealCluster implements AutoCloseable {

    private static final Pattern FILE_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final List<Address> addresses;
    private final Map<Address, NodeHost> hosts;
    private final Map<Address, GrpcTransport> transports;
    private final Map<Address, NodeProcess> processes;
    private final PeerTable peers;
    private final History history;
    private final HostClock clock;
    private final List<AutoCloseable> shared;

    private RealCluster(List<Address> addresses, Map<Address, NodeHost> hosts,
                        Map<Address, GrpcTransport> transports,
                        Map<Address, NodeProcess> processes, PeerTable peers, History history,
                        HostClock clock, List<AutoCloseable> shared) {
        this.addresses = addresses;
        this.hosts = hosts;
        this.transports = transports;
        this.processes = processes;
        this.peers = peers;
        this.history = history;
        this.clock = clock;
        this.shared = shared;
    }

    /** Starts describing a cluster whose SQLite files go under {@code dir}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** Every node, in address order. */
    public List<Address> addresses() {
        return addresses;
    }

    private void checkKnown(Address node) {
        if (!addresses.contains(node)) {
            throw new IllegalArgumentException("no node '" + node + "' in this cluster; nodes: "
                + addresses);
        }
    }

    /** The host of {@code node}, which runs in this JVM. */
    public NodeHost host(Address node) {
        checkKnown(node);
        NodeHost host = hosts.get(node);
        if (host == null) {
            throw new IllegalArgumentException("node '" + node + "' runs in a child process, not"
                + " in a host of this JVM; use process(" + node + ")");
        }
        return host;
    }

    /** The child process of {@code node}, which runs in a JVM of its own. */
    public NodeProcess process(Address node) {
        checkKnown(node);
        NodeProcess p = processes.get(node);
        if (p == null) {
            throw new IllegalArgumentException("node '" + node + "' runs in this JVM; use host("
                + node + ")");
        }
        return p;
    }

    /** Whether {@code node} runs in a child process. */
    public boolean isProcess(Address node) {
        checkKnown(node);
        return processes.containsKey(node);
    }

    /** The gRPC transport of {@code node} (in this JVM), for its counters and its endpoint. */
    public GrpcTransport transport(Address node) {
        host(node);
        return transports.get(node);
    }

    /** Where {@code node} listens now. */
    public InetSocketAddress endpoint(Address node) {
        return isProcess(node) ? process(node).endpoint() : transport(node).endpoint();
    }

    /** Whether {@code node} is up. */
    public boolean isUp(Address node) {
        return isProcess(node) ? process(node).isAlive() : host(node).isUp();
    }

    /** What {@code node} has committed, read-only. */
    public DurableStore committedStore(Address node) {
        return isProcess(node) ? process(node).committedStore() : host(node).committedStore();
    }

    /**
     * Crashes {@code node}: {@link NodeHost#crash()} in this JVM, or SIGKILL ({@code kill -9})
     * of its process.
     */
    public void crash(Address node) {
        if (isProcess(node)) {
            process(node).kill();
        } else {
            host(node).crash();
        }
    }

    /**
     * Pauses {@code node} for {@code length}, memory kept, as a garbage collection's stop of the
     * world would: its event loop in this JVM ({@link NodeHost#pause}), or its whole child
     * process, stopped with SIGSTOP and continued with SIGCONT ({@link NodeProcess#pause}).
     *
     * @return false when the node is down, which pauses nothing
     */
    public boolean pause(Address node, Duration length) {
        if (isProcess(node)) {
            return process(node).pause(length);
        }
        return host(node).pause(length);
    }

    /** Restarts a crashed {@code node} on the same store; it runs {@code recover(ctx)}. */
    public void restart(Address node) {
        if (isProcess(node)) {
            process(node).restart();
        } else {
            host(node).restart();
        }
    }

    /** The history every node records client operations in. */
    public History history() {
        return history;
    }

    /** The cluster's clock: milliseconds since it started. */
    public HostClock clock() {
        return clock;
    }

    /** The peer table the transports share. */
    public PeerTable peers() {
        return peers;
    }

    /** Stops every node, transport and store. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (NodeHost host : hosts.values()) {
            try {
                host.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        for (NodeProcess p : processes.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        for (GrpcTransport t : transports.values()) {
            t.close();
        }
        // The shared committer before the database it commits to.
        for (AutoCloseable c : shared) {
            try {
                c.close();
            } catch (Exception e) {
                failure = new IllegalStateException("closing " + c + " failed: " + e, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Where the nodes keep their durable state. */
    public sealed interface Storage permits Sqlite, Postgres {
    }

    /** One SQLite file per node, {@code <dir>/<node>.db}. */
    public record Sqlite() implements Storage {
    }

    /**
     * One namespace per node, {@code <namespacePrefix><node>}, in a PostgreSQL database.
     *
     * @param url e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}
     * @param user e.g. {@code postgres}
     * @param namespacePrefix keeps runs apart, e.g. {@code "run-42/"}
     */
    public record Postgres(String url, String user, String namespacePrefix) implements Storage {
    }

    /** The description of a cluster; {@link #start()} makes it run. */
    public static final class Builder {
        private final Path dir;
        private final TreeMap<Address, Supplier<? extends Node>> nodes = new TreeMap<>();
        /** The nodes in the order they were added: the order they start in. */
        private final List<Address> startOrder = new ArrayList<>();
        private final TreeMap<Address, Map<String, String>> processNodes = new TreeMap<>();
        private String programClass;
        private final List<Class<? extends Message>> messages = new ArrayList<>();
        private long seed;
        private Storage storage = new Sqlite();
        private PrintStream log = System.err;

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /**
         * Adds a node; its name must be usable as a file name (letters, digits, . _ -). Nodes
         * start in the order they were added: add a node before those that talk to it first.
         */
        public Builder node(Address address, Supplier<? extends Node> factory) {
            if (!FILE_SAFE.matcher(address.name()).matches()) {
                throw new IllegalArgumentException("node name '" + address + "' must be 1-100 of"
                    + " A-Z a-z 0-9 . _ - (it names the node's store file)");
            }
            if (nodes.putIfAbsent(address, Objects.requireNonNull(factory, "factory")) != null) {
                throw new IllegalArgumentException("node '" + address + "' was added twice");
            }
            startOrder.add(address);
            return this;
        }

        /**
         * Adds a node that runs in a child JVM ({@link NodeMain}), made by {@code program} with
         * {@code params}; a crash is then a {@code kill -9} of its process. The program must also
         * be on this JVM's class path. Every process node uses the same program.
         */
        public Builder process(Address address, Class<? extends NodeProgram> program,
                               Map<String, String> params) {
            node(address, () -> {
                throw new IllegalStateException("node " + address + " runs in a child process");
            });
            if (programClass != null && !programClass.equals(program.getName())) {
                throw new IllegalArgumentException("process nodes must share one program; "
                    + programClass + " was given before " + program.getName());
            }
            programClass = program.getName();
            processNodes.put(address, Map.copyOf(params));
            return this;
        }

        /** The sealed message interfaces of the protocols the nodes speak (for the codec). */
        public Builder messages(List<Class<? extends Message>> roots) {
            messages.addAll(roots);
            return this;
        }

        /** The root seed; each node's random stream is split from it by name. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where the nodes keep their state; default {@link Sqlite}. */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** Where hosts report crashes and lost sends; default standard error. */
        public Builder log(PrintStream log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Starts every transport, then every node (in the order they were added). */
        public RealCluster start() {
            if (nodes.isEmpty()) {
                throw new IllegalStateException("a cluster needs at least one node; add one with"
                    + " node(address, factory)");
            }
            if (messages.isEmpty()) {
                throw new IllegalStateException("no message types: pass the protocols' sealed"
                    + " Message interfaces with messages(...)");
            }
            MessageCodec codec = MessageCodec.of(messages);
            HostClock clock = HostClock.startingNow();
            History history = new History(clock);
            PeerTable peers = new PeerTable();
            List<Address> addresses = List.copyOf(nodes.keySet());
            Map<Address, NodeHost> hosts = new TreeMap<>();
            Map<Address, GrpcTransport> transports = new TreeMap<>();
            Map<Address, NodeProcess> processes = new TreeMap<>();
            List<AutoCloseable> shared = new ArrayList<>();
            RealCluster cluster = new RealCluster(addresses, Collections.unmodifiableMap(hosts),
                Collections.unmodifiableMap(transports), Collections.unmodifiableMap(processes),
                peers, history, clock, shared);
            try {
                SharedDatabase db = null;
                GroupCommitter<NamespacedBatch> across = null;
                if (storage instanceof Postgres pg) {
                    db = SharedDatabase.postgres(pg.url(), pg.user());
                    across = GroupCommitter.create("postgres", db::writeAll, 4096, 512);
                    shared.add(across);
                    shared.add(db);
                }
                // Transports first, so that every endpoint in this JVM is known before a child
                // process is told where its peers are.
                for (Map.Entry<Address, Supplier<? extends Node>> e : nodes.entrySet()) {
                    Address a = e.getKey();
                    if (processNodes.containsKey(a)) {
                        continue;
                    }
                    AtomicReference<NodeHost> self = new AtomicReference<>();
                    GrpcTransport transport = GrpcTransport.start(a, codec, peers,
                        (from, m) -> self.get() != null && self.get().deliver(from, m));
                    transports.put(a, transport);
                    NodeHost host = NodeHost.builder(a, e.getValue())
                        .nodes(addresses)
                        .storage(storageFor(a, db, across))
                        .outbound(transport::send)
                        .clock(clock)
                        .seed(seed)
                        .history(history)
                        .log(log)
                        .build();
                    self.set(host);
                    hosts.put(a, host);
                }
                for (Map.Entry<Address, Map<String, String>> e : processNodes.entrySet()) {
                    if (storage instanceof Postgres) {
                        throw new IllegalStateException("process nodes keep their state in SQLite"
                            + " files; use storage(new Sqlite()) with process(...)");
                    }
                    processes.put(e.getKey(), NodeProcess.start(new NodeProcess.Spec(programClass,
                        e.getKey(), addresses, dir, seed, e.getValue()), peers));
                }
                for (Address a : startOrder) {
                    NodeHost host = hosts.get(a);
                    if (host != null) {
                        host.start();
                    }
                }
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        private Supplier<NodeStorage> storageFor(Address a, SharedDatabase db,
                GroupCommitter<NamespacedBatch> across) {
            if (storage instanceof Postgres pg) {
                // One committer for every node: their batches share transactions.
                return () -> NodeStorage.groupCommittedAcross(
                    db.store(pg.namespacePrefix() + a.name()), across);
            }
            Path file = dir.resolve(a.name() + ".db");
            return () -> NodeStorage.groupCommitted(SqliteStore.open(file));
        }
    }
}
