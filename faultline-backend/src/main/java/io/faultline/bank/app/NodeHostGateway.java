package io.faultline.bank.app;

import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.runtime.NodeHost;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Reaches a {@link io.faultline.bank.Ledger} hosted by the runtime's {@link NodeHost} (its own
 * event loop, group commit, crash and restart), so the bank's adapters run over it unchanged.
 *
 * <pre>{@code
 * NodeHost host = NodeHost.builder(Address.of("ledger"), () -> new Ledger(config))
 *     .storage(() -> NodeStorage.groupCommitted(SqliteStore.open(file))).build();
 * host.start();
 * LedgerGateway ledger = new NodeHostGateway(host, Duration.ofSeconds(5));
 * }</pre>
 * Thread-safe.
 */
public final class NodeHostGateway implements LedgerGateway {

    private final NodeHost host;
    private final Duration timeout;

    public NodeHostGateway(NodeHost host, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletableFuture<Reply> ask(Request request) {
        return host.ask(request, timeout, Reply.class);
    }
}
