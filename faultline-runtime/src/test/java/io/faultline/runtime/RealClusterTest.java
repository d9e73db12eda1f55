package io.faultline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.runtime.PingNode.Ping;
import io.faultline.runtime.store.PostgresTestSupport;
import io.faultline.runtime.transport.MessageCodec;
import io.faultline.runtime.transport.proto.Ack;
import io.faultline.runtime.transport.proto.Envelope;
import io.faultline.runtime.transport.proto.NodeTransportGrpc;
import io.faultline.sim.Address;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes in two hosts exchanging messages over real gRPC sockets on loopback. */
class RealClusterTest extends PingClusterFixture {

    private RealCluster start(long target) {
        cluster = pingCluster()
            .node(PingNode.PINGER, () -> new PingNode(target))
            .node(PingNode.PONGER, () -> new PingNode(target))
            .seed(7)
            .start();
        return cluster;
    }

    @Test
    void twoHostsPingPongOverRealGrpcSockets() throws Exception {
        start(50);

        assertThat(awaitStatus(PingNode.PINGER, v -> v == 50)).isEqualTo(50);
        assertThat(status(PingNode.PONGER)).isGreaterThanOrEqualTo(50);
        assertThat(cluster.transport(PingNode.PONGER).stats().received())
            .isGreaterThanOrEqualTo(50);
        assertThat(cluster.transport(PingNode.PINGER).stats().received())
            .isGreaterThanOrEqualTo(50);
        assertThat(cluster.transport(PingNode.PINGER).endpoint().getPort())
            .isNotEqualTo(cluster.transport(PingNode.PONGER).endpoint().getPort());
        assertThat(Files.exists(dir.resolve("pinger.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("ponger.db"))).isTrue();
    }

    @Test
    void messagesToADownNodeAreLostAndRetriesGetThroughAfterItsRestart() throws Exception {
        start(1_000_000);
        awaitStatus(PingNode.PINGER, v -> v >= 5);
        cluster.crash(PingNode.PONGER);
        long atCrash = status(PingNode.PINGER);
        Thread.sleep(300);
        assertThat(status(PingNode.PINGER)).as("no progress while the ponger is down")
            .isLessThanOrEqualTo(atCrash + 1);
        assertThat(cluster.transport(PingNode.PONGER).stats().refused())
            .as("resends refused while down").isGreaterThan(0);

        cluster.restart(PingNode.PONGER);
        long after = awaitStatus(PingNode.PINGER, v -> v >= atCrash + 20);
        assertThat(after).isGreaterThanOrEqualTo(atCrash + 20);
        // The ponger's count survived its crash: it recovered from its SQLite file.
        assertThat(status(PingNode.PONGER)).isGreaterThanOrEqualTo(after);
    }

    @Test
    void aHostRefusesEnvelopesItCannotDeliverAndSaysWhy() throws Exception {
        start(1);
        var endpoint = cluster.transport(PingNode.PONGER).endpoint();
        ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint).usePlaintext().build();
        try {
            var stub = NodeTransportGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS);
            Ack wrongNode = stub.deliver(Envelope.newBuilder().setSource("x")
                .setDestination("pinger").setType("PingNode.Ping").setBodyJson("{\"n\":1}")
                .build());
            Ack badType = stub.deliver(Envelope.newBuilder().setSource("x")
                .setDestination("ponger").setType("Nope").setBodyJson("{}").build());
            MessageCodec codec = MessageCodec.of(List.of(PingNode.Msg.class));
            Ack good = stub.deliver(codec.encode(Address.of("x"), PingNode.PONGER, new Ping(1)));

            assertThat(wrongNode.getAccepted()).isFalse();
            assertThat(wrongNode.getReason()).contains("this is node ponger, not pinger");
            assertThat(badType.getAccepted()).isFalse();
            assertThat(badType.getReason()).contains("unknown message type 'Nope'")
                .contains("PingNode.Ping");
            assertThat(good.getAccepted()).isTrue();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void pingPongWithStateInPostgresqlSharingCommitsAcrossNodes() throws Exception {
        PostgresTestSupport.require();
        String prefix = "test-" + UUID.randomUUID() + "/";
        cluster = pingCluster()
            .node(PingNode.PINGER, () -> new PingNode(30))
            .node(PingNode.PONGER, () -> new PingNode(30))
            .storage(new RealCluster.Postgres(PostgresTestSupport.URL,
                PostgresTestSupport.USER, prefix))
            .start();
        try {
            assertThat(awaitStatus(PingNode.PINGER, v -> v == 30)).isEqualTo(30);
            cluster.crash(PingNode.PONGER);
            cluster.restart(PingNode.PONGER);
            assertThat(status(PingNode.PONGER)).as("recovered from PostgreSQL")
                .isGreaterThanOrEqualTo(30);
            assertThat(cluster.committedStore(PingNode.PINGER).get("answered")).contains("30");
        } finally {
            cluster.close();
            cluster = null;
            PostgresTestSupport.drop(prefix + "pinger");
            PostgresTestSupport.drop(prefix + "ponger");
        }
    }

    @Test
    void refusesANodeNameThatCannotNameAFile() {
        assertThatThrownBy(() -> RealCluster.builder(dir).node(Address.of("a/b"),
            () -> new PingNode(1)))
            .hasMessageContaining("node name 'a/b' must be 1-100 of A-Z a-z 0-9 . _ -");
    }
}
