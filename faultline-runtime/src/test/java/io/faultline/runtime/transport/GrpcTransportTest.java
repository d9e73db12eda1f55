package io.faultline.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.sim.Address;
import io.faultline.sim.Message;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class GrpcTransportTest {

    record Ping(int n) implements Message {
    }

    private static final Address A = Address.of("a");
    private static final Address B = Address.of("b");
    private final MessageCodec codec = MessageCodec.of(List.of(Ping.class));

    @Test
    void aDeliveredMessageIsCountedOnBothSides() {
        PeerTable peers = new PeerTable();
        CountDownLatch arrived = new CountDownLatch(1);
        try (GrpcTransport a = GrpcTransport.start(A, codec, peers, (from, m) -> false);
             GrpcTransport b = GrpcTransport.start(B, codec, peers, (from, m) -> {
                 arrived.countDown();
                 return true;
             })) {
            a.send(A, B, new Ping(1));
            awaitTrue(10, () -> arrived.getCount() == 0
                && a.stats().sent() == 1 && b.stats().received() == 1);
            assertThat(a.stats()).isEqualTo(new GrpcTransport.Stats(1, 0, 0, 0, 0));
        }
    }

    @Test
    void aSendToNoKnownPeerOrAClosedPortIsLost() throws Exception {
        PeerTable peers = new PeerTable();
        try (GrpcTransport a = GrpcTransport.start(A, codec, peers, (from, m) -> false)) {
            a.send(A, B, new Ping(1)); // b has no endpoint
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            peers.put(B, new InetSocketAddress("127.0.0.1", closedPort));
            a.send(A, B, new Ping(2)); // nobody listens there: the call fails at once
            awaitTrue(10, () -> a.stats().lost() == 2);
            assertThat(a.stats().unacknowledged()).isZero();
        }
    }

    /**
     * A message whose acknowledgement comes after the deadline did arrive: it is counted as
     * unacknowledged (outcome unknown to the sender), never as lost.
     */
    @Test
    void aLateAcknowledgementIsUnknownNotLost() {
        PeerTable peers = new PeerTable();
        try (GrpcTransport a = GrpcTransport.start(A, codec, peers, (from, m) -> false);
             GrpcTransport b = GrpcTransport.start(B, codec, peers, (from, m) -> {
                 sleep(GrpcTransport.DEADLINE_MS + 500);
                 return true;
             })) {
            a.send(A, B, new Ping(1));
            awaitTrue(15, () -> b.stats().received() == 1
                && a.stats().unacknowledged() == 1);
            assertThat(a.stats().lost()).isZero();
        }
    }

    @Test
    void statsAddUpCounterByCounter() {
        GrpcTransport.Stats a = new GrpcTransport.Stats(1, 2, 3, 4, 5);
        GrpcTransport.Stats b = new GrpcTransport.Stats(10, 20, 30, 40, 50);
        assertThat(GrpcTransport.Stats.ZERO.plus(a).plus(b))
            .isEqualTo(new GrpcTransport.Stats(11, 22, 33, 44, 55));
    }

    private static void awaitTrue(int seconds, BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false after %d s", seconds)
                .isLessThan(end);
            sleep(10);
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
