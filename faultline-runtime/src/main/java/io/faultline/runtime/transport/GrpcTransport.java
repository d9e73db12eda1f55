package io.faultline.runtime.transport;

import io.faultline.runtime.transport.proto.Ack;
import io.faultline.runtime.transport.proto.Envelope;
import io.faultline.runtime.transport.proto.NodeTransportGrpc;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's gRPC transport: a server on a free loopback port that hands arriving envelopes to the
 * node, and client channels to the other nodes found in a {@link PeerTable}. As the node API
 * promises, a message is sent at most once: a peer that is down or slow loses it, and protocols
 * retry.
 *
 * <pre>{@code
 * GrpcTransport t = GrpcTransport.start(Address.of("a"), codec, peers, host::deliver);
 * peers.put(Address.of("a"), t.endpoint());
 * t.send(Address.of("a"), Address.of("b"), new Ping(1));
 * }</pre>
 *
 * <p>Limits: at most {@value #IN_FLIGHT_MAX} sends wait for their acknowledgement at once (more
 * are lost); each waits at most {@value #DEADLINE_MS} ms.
 *
 * <p>Threading: {@link #send} may be called from any thread and never blocks on the network;
 * arriving envelopes are decoded on gRPC's transport threads and given to {@code inbound}, which
 * must not block (a {@code NodeHost} only queues them).
 */
public final class GrpcTransport implements AutoCloseable {

    /** Where a transport hands the messages that arrive for its node. */
    @FunctionalInterface
    public interface Inbound {
        /** Queues {@code message} from {@code from}; false when the node cannot take it. */
        boolean deliver(Address from, Message message);
    }

    static final int IN_FLIGHT_MAX = 10_000;
    static final long DEADLINE_MS = 2_000;

    private final Address self;
    private final MessageCodec codec;
    private final PeerTable peers;
    private final Server server;
    /** One channel per peer, to the endpoint it had when the channel was made. */
    private record Link(InetSocketAddress endpoint, ManagedChannel channel) {
    }

    private final Map<Address, Link> links = new ConcurrentHashMap<>();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT_MAX);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong unacknowledged = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private GrpcTransport(Address self, MessageCodec codec, PeerTable peers, Server server) {
        this.self = self;
        this.codec = codec;
        this.peers = peers;
        this.server = server;
    }

    /**
     * Starts the server of node {@code self} on a free loopback port (or on {@code port} when it
     * is not 0), and records it in {@code peers}.
     */
    public static GrpcTransport start(Address self, MessageCodec codec, PeerTable peers, int port,
                                      Inbound inbound) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(inbound, "inbound");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0: any free port), was "
                + port);
        }
        Receiver receiver = new Receiver(self, codec, inbound);
        Server server = NettyServerBuilder
            .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .directExecutor()
            .addService(receiver)
            .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + self + ": cannot listen on loopback port "
                + port + " (" + e.getMessage() + "); pass 0 to take any free port", e);
        }
        GrpcTransport transport = new GrpcTransport(self, codec, peers, server);
        receiver.owner = transport;
        peers.put(self, transport.endpoint());
        return transport;
    }

    /** Starts on a free loopback port. */
    public static GrpcTransport start(Address self, MessageCodec codec, PeerTable peers,
                                      Inbound inbound) {
        return start(self, codec, peers, 0, inbound);
    }

    /** Where this transport listens. */
    public InetSocketAddress endpoint() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
    }

    /**
     * Sends {@code message} at most once, without waiting: lost (and counted) when {@code to} has
     * no known endpoint, too many sends are in flight, or the call fails.
     */
    public void send(Address from, Address to, Message message) {
        Optional<InetSocketAddress> endpoint = peers.get(to);
        if (endpoint.isEmpty() || !inFlight.tryAcquire()) {
            lost.incrementAndGet();
            return;
        }
        Envelope envelope = codec.encode(from, to, message);
        ManagedChannel channel = channelTo(to, endpoint.get());
        sent.incrementAndGet();
        NodeTransportGrpc.newStub(channel)
            .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
            .deliver(envelope, new StreamObserver<>() {
                @Override
                public void onNext(Ack ack) {
                    if (!ack.getAccepted()) {
                        lost.incrementAndGet();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    inFlight.release();
                    // Past the deadline the envelope may well have arrived, only its
                    // acknowledgement is late: counting it lost would overstate the losses.
                    if (Status.fromThrowable(t).getCode() == Status.Code.DEADLINE_EXCEEDED) {
                        unacknowledged.incrementAndGet();
                    } else {
                        lost.incrementAndGet();
                    }
                }

                @Override
                public void onCompleted() {
                    inFlight.release();
                }
            });
    }

    /**
     * The channel to {@code peer} at {@code endpoint}. When the peer has moved (a restarted
     * process listens on a new port) the old channel is shut down, so channels do not pile up.
     */
    private ManagedChannel channelTo(Address peer, InetSocketAddress endpoint) {
        Link link = links.compute(peer, (p, old) -> {
            if (old != null && old.endpoint().equals(endpoint)) {
                return old;
            }
            if (old != null) {
                old.channel().shutdown();
            }
            return new Link(endpoint, NettyChannelBuilder.forAddress(endpoint).usePlaintext()
                .directExecutor().build());
        });
        return link.channel();
    }

    /**
     * Sends one envelope to this transport's own server, addressed to no node, and waits for its
     * refusal: a fresh JVM then has loaded the gRPC client and server paths before its first real
     * message. Counts as one refused envelope.
     */
    public void warmUp() {
        ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint()).usePlaintext()
            .directExecutor().build();
        try {
            NodeTransportGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .deliver(Envelope.newBuilder().setSource(self.name()).setDestination("@warm-up")
                    .build());
        } catch (RuntimeException e) {
            // A warm-up that fails costs nothing but the time it took.
        } finally {
            channel.shutdownNow();
        }
    }

    /** Counters since the transport started. */
    public Stats stats() {
        return new Stats(sent.get(), lost.get(), unacknowledged.get(), received.get(),
            refused.get());
    }

    /**
     * The transport's counters.
     *
     * @param sent envelopes handed to gRPC
     * @param lost messages known lost: no peer, too many in flight, the call failed, or refused
     * @param unacknowledged sends whose acknowledgement did not come within the deadline: each
     *     may or may not have arrived
     * @param received envelopes that arrived and were queued for the node
     * @param refused envelopes that arrived and were refused (bad type, wrong node, node down)
     */
    public record Stats(long sent, long lost, long unacknowledged, long received, long refused) {
        /** All counters zero: the start of a sum over transports. */
        public static final Stats ZERO = new Stats(0, 0, 0, 0, 0);

        /** These counters and {@code other}'s added up. */
        public Stats plus(Stats other) {
            return new Stats(sent + other.sent, lost + other.lost,
                unacknowledged + other.unacknowledged, received + other.received,
                refused + other.refused);
        }
    }

    /** Stops the server and closes every channel. */
    @Override
    public void close() {
        InetSocketAddress mine = endpoint();
        server.shutdownNow();
        for (Link l : links.values()) {
            l.channel().shutdownNow();
        }
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
            for (Link l : links.values()) {
                l.channel().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Forget this endpoint only if it is still the node's: a newer one may have replaced it.
        peers.get(self).filter(mine::equals).ifPresent(e -> peers.remove(self));
    }

    /** The server side: checks and decodes an envelope, then hands it to the node. */
    private static final class Receiver extends NodeTransportGrpc.NodeTransportImplBase {
        private final Address self;
        private final MessageCodec codec;
        private final Inbound inbound;
        volatile GrpcTransport owner;

        Receiver(Address self, MessageCodec codec, Inbound inbound) {
            this.self = self;
            this.codec = codec;
            this.inbound = inbound;
        }

        @Override
        public void deliver(Envelope envelope, StreamObserver<Ack> response) {
            Ack ack = accept(envelope);
            GrpcTransport t = owner;
            if (t != null) {
                (ack.getAccepted() ? t.received : t.refused).incrementAndGet();
            }
            response.onNext(ack);
            response.onCompleted();
        }

        private Ack accept(Envelope envelope) {
            if (!envelope.getDestination().equals(self.name())) {
                return refuse("this is node " + self + ", not " + envelope.getDestination());
            }
            if (envelope.getSource().isBlank()) {
                return refuse("the envelope has no source");
            }
            Message message;
            try {
                message = codec.decode(envelope);
            } catch (IllegalArgumentException e) {
                return refuse(e.getMessage());
            }
            if (!inbound.deliver(Address.of(envelope.getSource()), message)) {
                return refuse("node " + self + " is down or its inbox is full");
            }
            return Ack.newBuilder().setAccepted(true).build();
        }

        private static Ack refuse(String reason) {
            return Ack.newBuilder().setAccepted(false).setReason(reason).build();
        }
    }
}
