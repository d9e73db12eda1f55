package io.faultline.app.bench;

import io.faultline.payments.PaymentsMessage;
import io.faultline.payments.grpc.PaymentsGrpcServer;
import io.faultline.payments.rest.PaymentsRestServer;
import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.server.PaymentsGateway;
import io.faultline.runtime.store.GroupCommitter;
import io.faultline.runtime.store.JdbcStore;
import io.faultline.runtime.store.PostgresStore;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.sim.WriteBatch;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A baseline that pays for durability and for nothing else: behind the service's own gRPC and
 * REST adapters, each request is answered once one row for it (a payment's size) is committed to
 * the same kind of database, by a group committer. It is the least any durable handler costs
 * here; a charge commits three times, on two nodes, and checks and remembers what it writes.
 *
 * <p>Thread-safe.
 */
final class InsertBaseline implements AutoCloseable {

    private final JdbcStore store;
    private final GroupCommitter<WriteBatch> committer;
    private final boolean dropOnClose;
    private final PaymentsGrpcServer grpc;
    private final PaymentsRestServer rest;

    private InsertBaseline(JdbcStore store, boolean dropOnClose, ApiKeys keys) throws IOException {
        this.store = store;
        this.dropOnClose = dropOnClose;
        this.committer = GroupCommitter.create("insert baseline", store::writeAll, 4096, 512);
        PaymentsMessage.PaymentReply reply =
            new PaymentsMessage.PaymentReply(PaymentsBench.cannedPayment(), false);
        String row = reply.payment().encode();
        AtomicLong count = new AtomicLong();
        PaymentsGateway gateway = request -> committer
            .submit(WriteBatch.create().put("req/" + count.incrementAndGet(), row))
            .thenApply(v -> reply);
        this.grpc = new PaymentsGrpcServer(
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), gateway, keys)
            .start();
        this.rest = new PaymentsRestServer(gateway, keys).start("127.0.0.1", 0);
    }

    /** On a SQLite file of its own in {@code dir}. */
    static InsertBaseline sqlite(Path dir, ApiKeys keys) throws IOException {
        return new InsertBaseline(SqliteStore.open(dir.resolve("insert-baseline.db")), false, keys);
    }

    /** In {@code namespace} of a PostgreSQL database, dropped on close. */
    static InsertBaseline postgres(String url, String user, String namespace, ApiKeys keys)
            throws IOException {
        return new InsertBaseline(PostgresStore.open(url, user, namespace), true, keys);
    }

    int grpcPort() {
        return grpc.port();
    }

    int httpPort() {
        return rest.port();
    }

    @Override
    public void close() throws InterruptedException {
        grpc.stop(Duration.ofSeconds(2));
        rest.stop();
        committer.close();
        if (dropOnClose) {
            ((PostgresStore) store).drop();
        }
        store.close();
    }
}
