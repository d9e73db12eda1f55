package io.faultline.runtime;

import io.faultline.runtime.store.SqliteStore;
import io.faultline.runtime.transport.PeerTable;
import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node running in a child JVM ({@link NodeMain}), seen from its driver: start it, {@code kill
 * -9} it, start it again on the same SQLite file, and read what it committed. Its standard error
 * goes to {@code DIR/NODE.log}.
 *
 * <pre>{@code
 * NodeProcess server = NodeProcess.start(new NodeProcess.Spec(RetryProgram.class.getName(),
 *     Address.of("server"), nodes, dir, 42, Map.of("protocol", "exactly-once")), peers);
 * server.kill();     // SIGKILL: no shutdown hook, no flush, no goodbye
 * server.restart();  // a new process runs recover(ctx) on the same file
 * }</pre>
 *
 * <p>Threading: methods are synchronized; one daemon thread per process drains its output.
 * Costs: a JVM start (about a second) per start and restart.
 */
public final class NodeProcess implements AutoCloseable {

    /** How long a starting process may take to say it is ready. */
    static final long READY_TIMEOUT_MS = 60_000;

    /**
     * What to run.
     *
     * @param programClass a {@link NodeProgram} implementation on this JVM's class path
     * @param node the node's name
     * @param nodes every node of the system
     * @param dir where {@code NODE.db} and {@code NODE.log} live
     * @param seed the root seed
     * @param params the program's parameters
     */
    public record Spec(String programClass, Address node, List<Address> nodes, Path dir,
                       long seed, Map<String, String> params) {
        public Spec {
            Objects.requireNonNull(programClass, "programClass");
            Objects.requireNonNull(node, "node");
            nodes = List.copyOf(nodes);
            Objects.requireNonNull(dir, "dir");
            params = Map.copyOf(params);
        }
    }

    private final Spec spec;
    private final PeerTable peers;
    private Process process;
    private InetSocketAddress endpoint;
    private SqliteStore reader;
    private int starts;
    private final List<Long> startMs = new ArrayList<>();

    private NodeProcess(Spec spec, PeerTable peers) {
        this.spec = spec;
        this.peers = peers;
    }

    /** Starts the node's first life and waits until it is ready. */
    public static NodeProcess start(Spec spec, PeerTable peers) {
        NodeProcess p = new NodeProcess(spec, peers);
        p.launch(false);
        return p;
    }

    /** The node's name. */
    public Address address() {
        return spec.node();
    }

    /** Whether the process is running. */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many processes have been started for this node. */
    public synchronized int starts() {
        return starts;
    }

    /** How long each start took until the node was ready, in milliseconds, oldest first. */
    public synchronized List<Long> startMs() {
        return List.copyOf(startMs);
    }

    /** The operating system's id of the current process, if one runs. */
    public synchronized Optional<Long> pid() {
        return isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** Where the current process listens. */
    public synchronized InetSocketAddress endpoint() {
        return endpoint;
    }

    /** Kills the process with SIGKILL ({@code kill -9}) and waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node process " + spec.node() + " (pid "
                    + process.pid() + ") did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Freezes the whole process for {@code length}: SIGSTOP now, SIGCONT after, as a long
     * stop-the-world collection or a suspended virtual machine freezes a server. Its memory and
     * its sockets stay; what is sent to it meanwhile waits in the kernel's buffers. Returns at
     * once. A {@link #kill()} during the pause works (SIGKILL ends a stopped process).
     *
     * @param length 1 ms to 10 minutes
     * @return false when the process is not running, which pauses nothing
     */
    public synchronized boolean pause(Duration length) {
        NodeHost.checkPause(length);
        if (process == null || !process.isAlive()) {
            return false;
        }
        Process frozen = process;
        signal("STOP", frozen);
        Thread resume = new Thread(() -> {
            try {
                Thread.sleep(length.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (frozen.isAlive()) {
                signal("CONT", frozen);
            }
        }, "resume-" + spec.node());
        resume.setDaemon(true);
        resume.start();
        return true;
    }

    /** Sends {@code SIG<name>} to {@code target} with the system's kill command. */
    private static void signal(String name, Process target) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(target.pid()))
                .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0 && target.isAlive()) {
                throw new IllegalStateException("kill -" + name + " " + target.pid()
                    + " failed: " + said.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name + " (is procps"
                + " installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a new process on the same store, which runs {@code recover(ctx)}. */
    public synchronized void restart() {
        if (isAlive()) {
            throw new IllegalStateException("node process " + spec.node() + " is running; kill()"
                + " it before restart()");
        }
        launch(true);
    }

    /**
     * What the node has committed, read from its SQLite file by this JVM (the write-ahead log lets
     * a reader in another process see every commit). Read-only.
     */
    public DurableStore committedStore() {
        return new ReadOnlyStore("node process " + spec.node(), this, this::reader);
    }

    private synchronized DurableStore reader() {
        if (reader == null) {
            reader = SqliteStore.open(storeFile());
        }
        return reader;
    }

    /** The node's SQLite file. */
    public Path storeFile() {
        return spec.dir().resolve(spec.node().name() + ".db");
    }

    private void launch(boolean recover) {
        long t0 = System.nanoTime();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A node process is small and short-lived: start fast, stay small.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss512k");
        // sqlite-jdbc logs through SLF4J, which warns on every start that no backend is bound.
        cmd.add("-Dslf4j.internal.verbosity=ERROR");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NodeMain.class.getName());
        cmd.add("--program");
        cmd.add(spec.programClass());
        cmd.add("--node");
        cmd.add(spec.node().name());
        cmd.add("--nodes");
        cmd.add(String.join(",", spec.nodes().stream().map(Address::name).toList()));
        cmd.add("--dir");
        cmd.add(spec.dir().toAbsolutePath().toString());
        cmd.add("--seed");
        cmd.add(Long.toString(spec.seed()));
        cmd.add("--recover");
        cmd.add(Boolean.toString(recover));
        for (Address peer : spec.nodes()) {
            if (!peer.equals(spec.node())) {
                peers.get(peer).ifPresent(e -> {
                    cmd.add("--peer");
                    cmd.add(peer.name() + "=" + e.getHostString() + ":" + e.getPort());
                });
            }
        }
        spec.params().forEach((k, v) -> {
            cmd.add("--param");
            cmd.add(k + "=" + v);
        });
        ProcessBuilder pb = new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(
                spec.dir().resolve(spec.node().name() + ".log").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node process " + spec.node() + ": "
                + e.getMessage(), e);
        }
        starts++;
        int port = awaitReady(process);
        endpoint = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        peers.put(spec.node(), endpoint);
        startMs.add((System.nanoTime() - t0) / 1_000_000);
    }

    /** Reads the child's output until its READY line, then keeps draining it on a daemon. */
    private int awaitReady(Process p) {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f.length == 3 && f[0].equals(NodeMain.READY)) {
                        ready.complete(Integer.parseInt(f[2]));
                    }
                }
                ready.completeExceptionally(new IllegalStateException("node process "
                    + spec.node() + " exited before it was ready; see " + spec.dir()
                    .resolve(spec.node().name() + ".log")));
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
        }, "node-process-" + spec.node() + "-out");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while node process " + spec.node()
                + " started", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("node process " + spec.node() + " did not get ready"
                + " within " + READY_TIMEOUT_MS + " ms: " + e.getMessage(), e);
        }
    }

    /** Kills the process and closes this JVM's reader of its store. */
    @Override
    public synchronized void close() {
        kill();
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
