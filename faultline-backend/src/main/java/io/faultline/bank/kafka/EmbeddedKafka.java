package io.faultline.bank.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker (KRaft: broker and controller in one process), started as
 * a child JVM from the Kafka artifacts on the classpath, for when no {@code --kafka} address is
 * given.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("data/kafka"))) {
 *     kafka.createTopic("bank.events", 8);
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>The first start formats the data directory ({@code kafka.tools.StorageTool format
 * --standalone}) and writes {@code server.properties} there with two free ports chosen at run
 * time; a later start over the same directory reuses its ports and its data. The broker's output
 * goes to {@code kafka.log} in the data directory. {@link #close()} stops the broker cleanly (and
 * a JVM shutdown hook does so if the caller never does). Thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** How long a start may take before it is given up, with the broker's log in the error. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;
    /** util-linux's setsid, on every Debian system; without it the broker shares our session. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Path dataDir;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile long exitGraceMs;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, int port, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(this::stopOnExit, "embedded-kafka-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * On JVM exit, waits up to {@code graceMs} for the owner's own orderly {@link #close()} (the
     * JVM runs shutdown hooks in no order, and clients shut down faster while their broker still
     * answers) before stopping the broker itself. 0, the default, stops it at once.
     */
    public EmbeddedKafka exitGraceMs(long graceMs) {
        if (graceMs < 0 || graceMs > 120_000) {
            throw new IllegalArgumentException("graceMs must be in [0, 120000], was " + graceMs);
        }
        this.exitGraceMs = graceMs;
        return this;
    }

    private void stopOnExit() {
        try {
            closedLatch.await(exitGraceMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopProcess();
    }

    /** Starts a broker over {@code dataDir} (created if missing) and waits until it serves. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, System.getProperty("java.class.path"));
    }

    /**
     * Starts a broker over {@code dataDir} with the Kafka artifacts on {@code classPath}, and waits
     * until it answers an admin request.
     */
    public static EmbeddedKafka start(Path dataDir, String classPath) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(classPath, "classPath");
        try {
            Files.createDirectories(dataDir);
            Path logs = dataDir.resolve("logs");
            Path config = dataDir.resolve("server.properties");
            boolean formatted = Files.exists(logs.resolve("meta.properties"));
            if (!formatted) {
                int[] ports = freePorts(2);
                Files.writeString(config, serverProperties(ports[0], ports[1], logs));
                runFormat(dataDir, classPath, config);
            }
            int port = brokerPort(config);
            Process process = java(classPath, dataDir, "kafka.Kafka", config.toString()).start();
            EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port, process);
            try {
                kafka.awaitReady();
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Kafka under " + dataDir, e);
        }
    }

    /** {@code host:port} to give clients as {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The directory that holds the broker's configuration, data and log. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the broker process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker's process id. */
    public long pid() {
        return process.pid();
    }

    /** Creates {@code topic} with {@code partitions} partitions, or checks that it has them. */
    public void createTopic(String topic, int partitions) {
        createTopics(bootstrapServers(), Map.of(topic, partitions));
    }

    /**
     * Creates each topic with its explicit partition count (replication factor 1) on the cluster
     * at {@code bootstrapServers}; a topic that already exists must have that count.
     *
     * @throws IllegalStateException naming the topic when it exists with another count
     */
    public static void createTopics(String bootstrapServers, Map<String, Integer> partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            for (Map.Entry<String, Integer> t : partitions.entrySet()) {
                if (t.getValue() < 1 || t.getValue() > 1_000) {
                    throw new IllegalArgumentException("partitions of topic " + t.getKey()
                        + " must be in [1, 1000], was " + t.getValue());
                }
                createOne(admin, t.getKey(), t.getValue());
            }
        }
    }

    private static void createOne(Admin admin, String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic, e.getCause());
            }
            int existing = describe(admin, topic).partitions().size();
            if (existing != partitions) {
                throw new IllegalStateException("topic " + topic + " exists with " + existing
                    + " partitions, not the " + partitions + " asked for; use another topic name"
                    + " or delete it");
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    private static TopicDescription describe(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("could not describe topic " + topic, e);
        }
    }

    /** Stops the broker cleanly (SIGTERM, then a kill after 20 s); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        closedLatch.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting and runs the hook itself.
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        awaitPort(deadline);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with code " + process.exitValue()
                        + " while starting; its log " + logFile() + " ends with:\n" + logTail());
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // The broker is still starting; ask again until the deadline.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not become ready within "
                        + START_TIMEOUT.toSeconds() + " s; its log " + logFile() + " ends with:\n"
                        + logTail());
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** Waits until the broker accepts connections, so the admin client has nothing to warn of. */
    private void awaitPort(long deadline) {
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Path logFile() {
        return dataDir.resolve("kafka.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void runFormat(Path dataDir, String classPath, Path config) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        Process format = java(classPath, dataDir, "kafka.tools.StorageTool", "format", "-t",
            clusterId, "-c", config.toString(), "--standalone").start();
        try {
            if (!format.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka's storage under " + dataDir
                    + " took longer than " + START_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka's storage", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka's storage under " + dataDir
                + " failed with exit code " + format.exitValue() + "; see "
                + dataDir.resolve("kafka.log"));
        }
    }

    private static ProcessBuilder java(String classPath, Path dataDir, String mainClass,
                                       String... args) {
        List<String> command = new ArrayList<>();
        // In a session of its own, the broker does not get the terminal's Ctrl-C: it stops when
        // its owner has closed its clients and asks it to (close() or the shutdown hook), not
        // under them. setsid execs the command in place, so the process is the broker itself.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small heap and the serial collector: the broker shares a small machine with its users.
        command.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-Djava.awt.headless=true", "-cp", classPath, mainClass));
        command.addAll(List.of(args));
        File log = dataDir.resolve("kafka.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    }

    private static String serverProperties(int port, int controllerPort, Path logs) {
        return String.join("\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + logs.toAbsolutePath(),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=8",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            // Lets filling-part instances ask for a short session, so failover is quick to see.
            "group.min.session.timeout.ms=1000",
            "auto.create.topics.enable=false",
            "");
    }

    private static int brokerPort(Path config) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(config)) {
            p.load(in);
        }
        String listeners = p.getProperty("listeners", "");
        for (String listener : listeners.split(",")) {
            if (listener.startsWith("PLAINTEXT://")) {
                return Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
            }
        }
        throw new IllegalStateException("no PLAINTEXT listener in " + config + ": " + listeners);
    }

    private static int[] freePorts(int count) throws IOException {
        // Hold every socket open until all are chosen so that the ports differ.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
