package io.faultline.runtime;

import io.faultline.runtime.store.SqliteStore;
import io.faultline.runtime.transport.GrpcTransport;
import io.faultline.runtime.transport.MessageCodec;
import io.faultline.runtime.transport.PeerTable;
import io.faultline.sim.Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one node in a JVM of its own, so that a driver can {@code kill -9} it and start it again:
 * the honest version of a crash, with the operating system tearing down the process mid-write.
 *
 * <pre>
 * java -cp CLASSPATH io.faultline.runtime.NodeMain --program com.example.MyProgram \
 *     --node server --nodes client,server --dir run/ --peer client=127.0.0.1:41234 \
 *     [--port 0] [--seed 42] [--recover true] [--param protocol=exactly-once ...]
 * </pre>
 *
 * <p>With {@code --recover true} (every start after the first) the node runs
 * {@code recover(ctx)} on its store instead of {@code init(ctx)}. On start it opens
 * {@code DIR/NODE.db}, listens on a loopback port and prints one line,
 * {@code READY <node> <port>}, on standard output. It runs until it is killed or its standard
 * input closes (its driver is gone), so it never outlives its driver. Client operations it might
 * record go to a history of its own and are lost with it: run servers this way, not clients.
 */
public final class NodeMain {

    /** The line a node process prints once it accepts messages. */
    public static final String READY = "READY";

    private NodeMain() {
    }

    /** The parsed command line. */
    record Args(String program, Address node, List<Address> nodes, Path dir,
                Map<Address, InetSocketAddress> peers, int port, long seed, boolean recover,
                Map<String, String> params) {
    }

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("NodeMain: " + e.getMessage());
            System.exit(64);
            return;
        }
        run(args, System.in, System.out);
        System.exit(0);
    }

    /** Runs the node until {@code stdin} closes. */
    static void run(Args args, InputStream stdin, PrintStream stdout) throws Exception {
        NodeProgram program = load(args.program());
        MessageCodec codec = MessageCodec.of(program.messages());
        PeerTable peers = new PeerTable();
        args.peers().forEach(peers::put);
        NodeHost[] self = new NodeHost[1];
        try (GrpcTransport transport = GrpcTransport.start(args.node(), codec, peers, args.port(),
                 (from, m) -> self[0] != null && self[0].deliver(from, m))) {
            NodeHost host = NodeHost.builder(args.node(),
                    () -> program.create(args.node(), args.params()))
                .nodes(args.nodes())
                .storage(() -> NodeStorage.groupCommitted(
                    SqliteStore.open(args.dir().resolve(args.node().name() + ".db"))))
                .outbound(transport::send)
                .seed(args.seed())
                .build();
            self[0] = host;
            // A restarted process should answer its first message about as fast as a warm one.
            codec.warmUp();
            transport.warmUp();
            if (args.recover()) {
                host.startAfterCrash();
            } else {
                host.start();
            }
            stdout.println(READY + " " + args.node() + " " + transport.endpoint().getPort());
            stdout.flush();
            drain(stdin);
            host.close();
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // Nothing to read: the driver keeps the pipe open for as long as it lives.
        }
    }

    private static NodeProgram load(String className) throws ReflectiveOperationException {
        Class<?> c = Class.forName(className);
        if (!NodeProgram.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " does not implement "
                + NodeProgram.class.getName());
        }
        return (NodeProgram) c.getConstructor().newInstance();
    }

    /** Parses the command line; every error names the bad value and what is valid. */
    static Args parse(String[] argv) {
        Map<String, List<String>> opts = new TreeMap<>();
        List<String> known = List.of("--program", "--node", "--nodes", "--dir", "--peer",
            "--port", "--seed", "--recover", "--param");
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i];
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'; valid: "
                    + String.join(", ", known));
            }
            if (i + 1 == argv.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            opts.computeIfAbsent(name, k -> new ArrayList<>()).add(argv[++i]);
        }
        String program = one(opts, "--program", null);
        Address node = Address.of(one(opts, "--node", null));
        List<Address> nodes = new ArrayList<>();
        for (String n : one(opts, "--nodes", node.name()).split(",")) {
            nodes.add(Address.of(n.trim()));
        }
        Path dir = Path.of(one(opts, "--dir", null));
        Map<Address, InetSocketAddress> peers = new TreeMap<>();
        for (String p : opts.getOrDefault("--peer", List.of())) {
            peers.put(Address.of(before(p, '=', "--peer")), endpoint(after(p, '=')));
        }
        int port = (int) number(one(opts, "--port", "0"), "--port");
        long seed = number(one(opts, "--seed", "0"), "--seed");
        String recover = one(opts, "--recover", "false");
        if (!recover.equals("true") && !recover.equals("false")) {
            throw new IllegalArgumentException("--recover '" + recover + "' must be true or false");
        }
        Map<String, String> params = new TreeMap<>();
        for (String p : opts.getOrDefault("--param", List.of())) {
            params.put(before(p, '=', "--param"), after(p, '='));
        }
        return new Args(program, node, nodes, dir, peers, port, seed,
            Boolean.parseBoolean(recover), params);
    }

    private static String one(Map<String, List<String>> opts, String name, String dflt) {
        List<String> values = opts.get(name);
        if (values == null) {
            if (dflt == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return dflt;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " was given " + values.size()
                + " times; give it once");
        }
        return values.get(0);
    }

    private static String before(String text, char sep, String option) {
        int i = text.indexOf(sep);
        if (i <= 0) {
            throw new IllegalArgumentException(option + " '" + text + "' must look like"
                + " NAME" + sep + "VALUE");
        }
        return text.substring(0, i);
    }

    private static String after(String text, char sep) {
        return text.substring(text.indexOf(sep) + 1);
    }

    private static InetSocketAddress endpoint(String hostPort) {
        int i = hostPort.lastIndexOf(':');
        if (i <= 0) {
            throw new IllegalArgumentException("peer endpoint '" + hostPort + "' must look like"
                + " HOST:PORT, e.g. 127.0.0.1:41234");
        }
        return new InetSocketAddress(hostPort.substring(0, i),
            (int) number(hostPort.substring(i + 1), "peer port"));
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
    }
}
