package io.faultline.payments.grpc;

import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.server.PaymentsGateway;
import io.faultline.payments.grpc.proto.PaymentServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The payments gRPC server: {@code PaymentService}, the standard health service and server
 * reflection (so grpcurl-style tools work). It takes a {@link ServerBuilder}, so tests hand it an
 * in-process transport and production a Netty one. Calls run on the transport's threads (direct
 * executor): no handler may block.
 *
 * <pre>{@code
 * PaymentsGrpcServer server = new PaymentsGrpcServer(
 *     ServerBuilder.forPort(50051), gateway, apiKeys).start();
 * ...
 * server.drain();                          // health NOT_SERVING, new calls UNAVAILABLE
 * server.stop(Duration.ofSeconds(10));     // in-flight calls finish first
 * }</pre>
 *
 * Thread-safe.
 */
public final class PaymentsGrpcServer {

    /** How long a call waits for the node at most when it has no deadline of its own. */
    public static final long REPLY_TIMEOUT_MS_MAX = 30_000;

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final AtomicBoolean draining = new AtomicBoolean();

    public PaymentsGrpcServer(ServerBuilder<?> builder, PaymentsGateway gateway, ApiKeys keys) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(keys, "keys");
        String name = PaymentServiceGrpc.SERVICE_NAME;
        // Every handler here returns at once (a payment call hands its request to the node and
        // answers from the node's reply later; health and reflection answer from memory), so
        // calls run on the transport's own threads. With gRPC's default executor each call
        // crossed to a pooled thread first: a fifth of the CPU of a durable charge went to
        // those wake-ups on two cores.
        this.server = builder
            .directExecutor()
            .addService(ServerInterceptors.intercept(
                new PaymentServiceImpl(gateway, REPLY_TIMEOUT_MS_MAX),
                new ApiKeyInterceptor(keys, draining::get)))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .build();
        health.setStatus(name, ServingStatus.SERVING);
        health.setStatus("", ServingStatus.SERVING);
    }

    /** Starts serving; throws with the port's story if it is taken. */
    public PaymentsGrpcServer start() throws IOException {
        server.start();
        return this;
    }

    /** The port it listens on (-1 for in-process). */
    public int port() {
        return server.getPort();
    }

    /** Stops taking new calls: health turns NOT_SERVING and new calls get UNAVAILABLE. */
    public void drain() {
        draining.set(true);
        health.setStatus(PaymentServiceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
        health.setStatus("", ServingStatus.NOT_SERVING);
    }

    /** Drains, lets in-flight calls finish within {@code grace}, then stops. */
    public void stop(Duration grace) throws InterruptedException {
        drain();
        health.enterTerminalState();
        server.shutdown();
        if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
